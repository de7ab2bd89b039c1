import { z } from 'zod';

/** Hardware behind a bid, converted to MW through the versioned hardware catalogue. */
export const WorkloadSchema = z.strictObject({
  kind: z.enum(['gpu', 'asic']).describe('gpu for AI accelerators, asic for Bitcoin miners'),
  model: z.string().min(1).max(64).describe('A model name from the hardware catalogue, e.g. H100-SXM or Antminer-S21'),
  count: z.number().int().positive().max(10_000_000).describe('Number of devices'),
  pue: z.number().min(1).max(3).optional().describe('Power usage effectiveness of the site (facility power / IT power)'),
}).meta({ id: 'Workload' });
export type Workload = z.infer<typeof WorkloadSchema>;
