// Uniform prices from a block decision set, and the removal of paradoxically accepted blocks.
// Rule per interval: curves get C = surplus − block load, filled from the highest price down. If
// all curve demand priced ≥ reserve fits, the price is the reserve. Otherwise the price is that of
// the first level whose cumulative MW exceeds C (the lowest price consistent with the outcome);
// steps above it are fully accepted, steps below rejected, steps at it share the rest pro rata.
import type { Allocation } from './allocation';
import { EPS_MW, type ClearingModel } from './model';

export interface IntervalPrices {
  price: Float64Array;
  /** fill ratio of the curve steps priced exactly at the interval's price */
  fill: Float64Array;
}

export function priceInterval(m: ClearingModel, t: number, load: number, out: IntervalPrices): void {
  const c = m.curves[t]!;
  const cap = Math.max(0, m.surplus[t]! - load);
  let lo = 0;
  let hi = c.cumMw.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (c.cumMw[mid]! > cap + EPS_MW) hi = mid; else lo = mid + 1;
  }
  if (lo >= c.cumMw.length) { out.price[t] = m.reserve[t]!; out.fill[t] = 1; return; }
  const above = lo > 0 ? c.cumMw[lo - 1]! : 0;
  out.price[t] = c.price[lo]!;
  out.fill[t] = Math.min(1, Math.max(0, (cap - above) / c.mw[lo]!));
}

export function computePrices(m: ClearingModel, alloc: Allocation): IntervalPrices {
  const out = { price: new Float64Array(m.T), fill: new Float64Array(m.T) };
  for (let t = 0; t < m.T; t++) priceInterval(m, t, alloc.load[t]!, out);
  return out;
}

/** Money a block loses per MWh-of-ratio at the prices: Σ_t (price_t − bid price) over its intervals. */
export function blockLoss(m: ClearingModel, b: number, start: number, price: Float64Array): number {
  const blk = m.blocks[b]!;
  let loss = 0;
  for (let t = start; t < start + blk.duration; t++) loss += price[t]! - blk.price;
  return loss;
}

export const LOSS_TOL = 1e-9;

function tolerance(m: ClearingModel, b: number): number {
  const blk = m.blocks[b]!;
  return LOSS_TOL * Math.max(1, blk.price * blk.duration);
}

/**
 * Rejects paradoxically accepted blocks one at a time — the one losing the most money first
 * (ties: canonical order) — re-pricing after each, until every accepted block breaks even.
 */
export function removeParadoxicallyAccepted(m: ClearingModel, alloc: Allocation): { prices: IntervalPrices; removed: number } {
  const prices = computePrices(m, alloc);
  let removed = 0;
  for (;;) {
    let worst = -1;
    let worstLoss = 0;
    for (let b = 0; b < m.blocks.length; b++) {
      const s = alloc.start[b]!;
      if (s < 0) continue;
      const loss = blockLoss(m, b, s, prices.price);
      if (loss <= tolerance(m, b)) continue;
      const money = loss * alloc.ratio[b]! * m.blocks[b]!.mw;
      if (money > worstLoss) { worstLoss = money; worst = b; }
    }
    if (worst < 0) return { prices, removed };
    const blk = m.blocks[worst]!;
    const s = alloc.start[worst]!;
    alloc.set(worst, s, 0);
    removed++;
    for (let t = s; t < s + blk.duration; t++) priceInterval(m, t, alloc.load[t]!, prices);
  }
}

/** Rejected blocks that would have gained at the prices at some start of their window. */
export function paradoxicallyRejected(m: ClearingModel, alloc: Allocation, price: Float64Array): number[] {
  const out: number[] = [];
  for (let b = 0; b < m.blocks.length; b++) {
    if (alloc.start[b]! >= 0) continue;
    const blk = m.blocks[b]!;
    for (let s = blk.earliestStart; s <= blk.latestStart; s++) {
      if (-blockLoss(m, b, s, price) > tolerance(m, b)) { out.push(b); break; }
    }
  }
  return out;
}
