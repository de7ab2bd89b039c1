// Workload → MW through the versioned hardware catalogue (SPEC §1). Pure.
import type { Workload } from '../../schemas/workload';
import { DEFAULT_PUE, findHardware, HARDWARE_CATALOGUE } from '../../schemas/hardware-catalogue';

export type WorkloadConversion = { ok: true; mw: number } | { ok: false; message: string };

/** Rounded to the watt so the same workload always gives the same bytes. */
export function workloadToMw(workload: Workload): WorkloadConversion {
  const entry = findHardware(workload.model);
  if (!entry) {
    const known = HARDWARE_CATALOGUE.filter((e) => e.kind === workload.kind).map((e) => e.model).join(', ');
    return { ok: false, message: `unknown ${workload.kind} model "${workload.model}"; known: ${known}` };
  }
  if (entry.kind !== workload.kind) return { ok: false, message: `${workload.model} is a ${entry.kind}, not a ${workload.kind}` };
  const pue = workload.pue ?? DEFAULT_PUE[entry.kind];
  const mw = Math.round(entry.watts * workload.count * pue) / 1_000_000;
  if (!(mw > 0)) return { ok: false, message: 'the workload converts to 0 MW' };
  if (mw > 100_000) return { ok: false, message: `the workload converts to ${mw} MW, above the 100,000 MW limit of a bid` };
  return { ok: true, mw };
}
