import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { workloadToMw } from '../../../lib/market/workload';
import { DEFAULT_PUE, HARDWARE_CATALOGUE, HardwareEntrySchema } from '../../../schemas/hardware-catalogue';

describe('workload → MW', () => {
  it('is watts × count × PUE / 10⁶ (H100-SXM at PUE 1.3, S21 at the default PUE)', () => {
    expect(workloadToMw({ kind: 'gpu', model: 'H100-SXM', count: 4096, pue: 1.3 })).toEqual({ ok: true, mw: 6.78912 });
    expect(workloadToMw({ kind: 'asic', model: 'Antminer-S21', count: 10_000 })).toEqual({ ok: true, mw: 3500 * 10_000 * DEFAULT_PUE.asic / 1e6 });
  });
  it('rejects unknown models, kind mismatches and totals above a bid\'s limit, saying why', () => {
    const unknown = workloadToMw({ kind: 'asic', model: 'Antminer-S9', count: 1 });
    expect(unknown.ok === false && unknown.message).toMatch(/known: .*Antminer-S21/);
    expect(workloadToMw({ kind: 'asic', model: 'B200', count: 1 }).ok).toBe(false);
    expect(workloadToMw({ kind: 'asic', model: 'Antminer-S21', count: 10_000_000, pue: 3 }).ok).toBe(false);
  });
  it('every catalogue entry is valid, has a source and a unique model', () => {
    for (const entry of HARDWARE_CATALOGUE) expect(HardwareEntrySchema.parse(entry).source.length).toBeGreaterThan(10);
    expect(new Set(HARDWARE_CATALOGUE.map((e) => e.model)).size).toBe(HARDWARE_CATALOGUE.length);
    for (const model of ['H100-SXM', 'H200', 'B200', 'A100', 'MI300X', 'Antminer-S21', 'Antminer-S19-Pro', 'Antminer-S19-XP', 'Whatsminer-M60']) {
      expect(HARDWARE_CATALOGUE.some((e) => e.model === model)).toBe(true);
    }
  });
  it('is monotone in count and deterministic', () => {
    fc.assert(fc.property(fc.constantFrom(...HARDWARE_CATALOGUE), fc.integer({ min: 1, max: 100_000 }), fc.double({ min: 1, max: 3, noNaN: true }), (entry, count, pue) => {
      const a = workloadToMw({ kind: entry.kind, model: entry.model, count, pue });
      const b = workloadToMw({ kind: entry.kind, model: entry.model, count: count + 1, pue });
      expect(workloadToMw({ kind: entry.kind, model: entry.model, count, pue })).toEqual(a);
      if (a.ok && b.ok) expect(b.mw).toBeGreaterThanOrEqual(a.mw);
    }));
  });
});
