// The versioned hardware catalogue that turns a bid's `workload` (SPEC §1) into megawatts:
// MW = watts per device × count × PUE / 10⁶. Bump CATALOGUE_VERSION whenever a figure changes;
// every converted bid records the version it was converted with.
import { z } from 'zod';

export const CATALOGUE_VERSION = 'hw-2026.11';

/** PUE applied when a workload gives none: typical liquid/air-cooled AI halls vs. open-air mining sites. */
export const DEFAULT_PUE = { gpu: 1.3, asic: 1.05 } as const;

export const HardwareEntrySchema = z.strictObject({
  model: z.string(),
  kind: z.enum(['gpu', 'asic']),
  watts: z.number().positive().describe('Watts drawn per device at the wall (see basis)'),
  basis: z.enum(['system-share', 'device']).describe('system-share: a server\'s published maximum power divided by its accelerators; device: the device\'s own rated power'),
  source: z.string(),
}).meta({ id: 'HardwareEntry' });
export type HardwareEntry = z.infer<typeof HardwareEntrySchema>;

export const HARDWARE_CATALOGUE: readonly HardwareEntry[] = [
  { model: 'H100-SXM', kind: 'gpu', watts: 1275, basis: 'system-share', source: 'NVIDIA DGX H100 datasheet: 10.2 kW max system power / 8 GPUs (GPU TDP 700 W)' },
  { model: 'H200', kind: 'gpu', watts: 1275, basis: 'system-share', source: 'NVIDIA DGX H200 datasheet: 10.2 kW max system power / 8 GPUs (GPU TDP 700 W)' },
  { model: 'B200', kind: 'gpu', watts: 1787.5, basis: 'system-share', source: 'NVIDIA DGX B200 datasheet: 14.3 kW max system power / 8 GPUs (GPU TDP 1,000 W)' },
  { model: 'A100', kind: 'gpu', watts: 812.5, basis: 'system-share', source: 'NVIDIA DGX A100 datasheet: 6.5 kW max system power / 8 GPUs (A100 SXM 80 GB, TDP 400 W)' },
  { model: 'MI300X', kind: 'gpu', watts: 750, basis: 'device', source: 'AMD Instinct MI300X datasheet: 750 W OAM board power (host share not included)' },
  { model: 'Antminer-S21', kind: 'asic', watts: 3500, basis: 'device', source: 'Bitmain Antminer S21 spec: 200 TH/s at 17.5 J/TH' },
  { model: 'Antminer-S21-Pro', kind: 'asic', watts: 3510, basis: 'device', source: 'Bitmain Antminer S21 Pro spec: 234 TH/s at 15 J/TH' },
  { model: 'Antminer-S19-Pro', kind: 'asic', watts: 3250, basis: 'device', source: 'Bitmain Antminer S19 Pro spec: 110 TH/s at 29.5 J/TH' },
  { model: 'Antminer-S19-XP', kind: 'asic', watts: 3010, basis: 'device', source: 'Bitmain Antminer S19 XP spec: 140 TH/s at 21.5 J/TH' },
  { model: 'Antminer-S19j-Pro', kind: 'asic', watts: 3068, basis: 'device', source: 'Bitmain Antminer S19j Pro spec: 100 TH/s at 30.5 J/TH' },
  { model: 'Whatsminer-M60', kind: 'asic', watts: 3422, basis: 'device', source: 'MicroBT Whatsminer M60 spec: 172 TH/s at 19.9 J/TH' },
  { model: 'Whatsminer-M50S', kind: 'asic', watts: 3276, basis: 'device', source: 'MicroBT Whatsminer M50S spec: 126 TH/s at 26 J/TH' },
];

export function findHardware(model: string): HardwareEntry | undefined {
  return HARDWARE_CATALOGUE.find((entry) => entry.model === model);
}
