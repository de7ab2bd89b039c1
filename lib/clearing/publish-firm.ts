// The firm figures of a published interval (SPEC §3 result, books with a firm cap): firmPrice,
// firmMw (firm MW allocated) and atRiskMw (the interruptible MW a fall of the surplus to firmMw
// would curtail: what the total allocation exceeds firmMw by, at most the interruptible MW).
import type { ClearingModel } from './model';
import type { IntervalPrices } from './pricing';

export interface FirmFigures { firmPrice: number; firmMw: number; atRiskMw: number }

const round6 = (x: number) => { const r = Math.round(x * 1e6) / 1e6; return r === 0 ? 0 : r; };

export function firmFigures(m: ClearingModel, prices: IntervalPrices, firmPub: Float64Array, ai: Float64Array, mining: Float64Array): FirmFigures[] {
  return Array.from({ length: m.T }, (_, t) => {
    const total = ai[t]! + mining[t]!;
    const firmMw = Math.min(firmPub[t]!, m.firmCap[t]!);
    const interruptible = Math.max(0, total - firmMw);
    return {
      firmPrice: round6(Math.max(prices.firmPrice[t]!, prices.price[t]!)),
      firmMw: round6(firmMw),
      atRiskMw: round6(Math.max(0, Math.min(interruptible, total - m.firmCap[t]!))),
    };
  });
}
