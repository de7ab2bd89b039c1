// Uniform prices from a block decision set, and the removal of paradoxically accepted blocks.
// Rule per interval: curves get C = surplus − block load, filled from the highest price down. If
// all curve demand priced ≥ reserve fits, the price is the reserve. Otherwise the price is that of
// the first level whose cumulative MW exceeds C (the lowest price consistent with the outcome);
// steps above it are fully accepted, steps below rejected, steps at it share the rest pro rata.
// Firm capacity (SPEC §2) adds a firm price per interval: see firm-prices.ts.
import type { Allocation } from './allocation';
import { firmCurveMw } from './firm-curves';
import { firmPremiums, firmUse, walkInterval } from './firm-prices';
import { EPS_MW, type ClearingModel, type IntervalCurve } from './model';

export interface IntervalPrices {
  price: Float64Array;
  /** fill ratio of the curve steps priced exactly at the interval's price */
  fill: Float64Array;
  /** price per MWh of firm quantity (= price without a firm cap) and the fill of firm steps at it */
  firmPrice: Float64Array;
  firmFill: Float64Array;
}

/** Price and fill of curve `c` when `cap` MW are left for it. */
export function marginalOf(c: IntervalCurve, cap: number, reserve: number): { price: number; fill: number } {
  let lo = 0;
  let hi = c.cumMw.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (c.cumMw[mid]! > cap + EPS_MW) hi = mid; else lo = mid + 1;
  }
  if (lo >= c.cumMw.length) return { price: reserve, fill: 1 };
  const above = lo > 0 ? c.cumMw[lo - 1]! : 0;
  return { price: c.price[lo]!, fill: Math.min(1, Math.max(0, (cap - above) / c.mw[lo]!)) };
}

export function priceInterval(m: ClearingModel, t: number, alloc: Allocation, out: IntervalPrices): void {
  const load = alloc.load[t]!;
  if (m.firmCurves && m.firmCap[t]! - alloc.firmLoad[t]! < firmCurveMw(m, t)) { walkInterval(m, t, load, alloc.firmLoad[t]!, out); return; }
  const p = marginalOf(m.curves[t]!, Math.max(0, m.surplus[t]! - load), m.reserve[t]!);
  out.price[t] = p.price;
  out.fill[t] = p.fill;
  if (out.firmPrice !== out.price) { out.firmPrice[t] = p.price; out.firmFill[t] = p.fill; }
}

function energyPrices(m: ClearingModel, alloc: Allocation): IntervalPrices {
  const price = new Float64Array(m.T);
  const fill = new Float64Array(m.T);
  // Without a firm cap both products have one price: the same arrays.
  const out = m.hasFirm ? { price, fill, firmPrice: new Float64Array(m.T), firmFill: new Float64Array(m.T) } : { price, fill, firmPrice: price, firmFill: fill };
  for (let t = 0; t < m.T; t++) priceInterval(m, t, alloc, out);
  return out;
}

/** Energy prices, then the firm premium on top (none when the book has no firm cap). */
export function computePrices(m: ClearingModel, alloc: Allocation): IntervalPrices {
  return withFirm(m, alloc, energyPrices(m, alloc));
}

function withFirm(m: ClearingModel, alloc: Allocation, p: IntervalPrices): IntervalPrices {
  if (m.hasFirm) firmPremiums(m, alloc, p);
  return p;
}

/** Money a block loses per MWh-of-ratio at the prices: Σ_t (price_t − bid price) over its intervals, weighted by its shape for a profile. */
export function blockLoss(m: ClearingModel, b: number, start: number, price: Float64Array): number {
  const blk = m.blocks[b]!;
  let loss = 0;
  if (!blk.profiled) {
    for (let t = start; t < start + blk.duration; t++) loss += price[t]! - blk.price;
    return loss;
  }
  for (let k = 0; k < blk.duration; k++) loss += (price[start + k]! - blk.price) * blk.shape[k]! / blk.mw;
  return loss;
}

export const LOSS_TOL = 1e-9;

function tolerance(m: ClearingModel, b: number): number {
  const blk = m.blocks[b]!;
  return LOSS_TOL * Math.max(1, blk.price * blk.duration);
}

/** Money block b loses at the prices (0 when rejected). */
function moneyLost(m: ClearingModel, alloc: Allocation, b: number, price: Float64Array): number {
  const s = alloc.start[b]!;
  return s < 0 ? 0 : blockLoss(m, b, s, price) * alloc.ratio[b]! * m.blocks[b]!.mw;
}

/**
 * Rejects paradoxically accepted blocks one at a time — the one losing the most money first
 * (ties: canonical order) — re-pricing after each, until every accepted block breaks even. A parent
 * is judged with its accepted children (and rejected with them); a child never alone.
 */
export function removeParadoxicallyAccepted(m: ClearingModel, alloc: Allocation): { prices: IntervalPrices; removed: number } {
  const prices = energyPrices(m, alloc);
  let removed = 0;
  for (;;) {
    let worst = -1;
    let worstLoss = 0;
    for (let b = 0; b < m.blocks.length; b++) {
      const s = alloc.start[b]!;
      const blk = m.blocks[b]!;
      if (s < 0 || blk.parent >= 0) continue;
      let money: number;
      // each block at its own product's price (the same array when the book has no firm cap)
      const priceOf = (u: number) => (m.blocks[u]!.firm ? prices.firmPrice : prices.price);
      if (blk.children.length === 0) {
        const loss = blockLoss(m, b, s, priceOf(b));
        if (loss <= tolerance(m, b)) continue;
        money = loss * alloc.ratio[b]! * blk.mw;
      } else {
        money = moneyLost(m, alloc, b, priceOf(b));
        let tol = tolerance(m, b) * alloc.ratio[b]! * blk.mw;
        for (const c of blk.children) { money += moneyLost(m, alloc, c, priceOf(c)); tol += tolerance(m, c) * alloc.ratio[c]! * m.blocks[c]!.mw; }
        if (money <= tol) continue;
      }
      if (money > worstLoss) { worstLoss = money; worst = b; }
    }
    if (worst < 0) return { prices: withFirm(m, alloc, prices), removed };
    for (const b of [worst, ...m.blocks[worst]!.children]) {
      const s = alloc.start[b]!;
      if (s < 0) continue;
      alloc.set(b, s, 0);
      removed++;
      for (let t = s; t < s + m.blocks[b]!.duration; t++) priceInterval(m, t, alloc, prices);
    }
  }
}

/** Rejected blocks that would have gained at the prices at some start of their window (firm blocks at the firm price). */
export function paradoxicallyRejected(m: ClearingModel, alloc: Allocation, prices: IntervalPrices): number[] {
  const out: number[] = [];
  for (let b = 0; b < m.blocks.length; b++) {
    if (alloc.start[b]! >= 0) continue;
    const blk = m.blocks[b]!;
    // A block its group or its parent keeps out could not have been accepted: not paradoxical.
    if (!alloc.canPlace(b)) continue;
    // A firm block with no firm capacity left where it would run is rejected for that (reason firm-capacity).
    if (m.hasFirm && blk.firm && !firmRoomAnywhere(m, alloc, b, prices)) continue;
    const price = blk.firm ? prices.firmPrice : prices.price;
    for (let s = blk.earliestStart; s <= blk.latestStart; s++) {
      if (-blockLoss(m, b, s, price) > tolerance(m, b)) { out.push(b); break; }
    }
  }
  return out;
}

function firmRoomAnywhere(m: ClearingModel, alloc: Allocation, b: number, prices: IntervalPrices): boolean {
  const blk = m.blocks[b]!;
  for (let s = blk.earliestStart; s <= blk.latestStart; s++) {
    let fits = true;
    for (let k = 0; k < blk.duration && fits; k++) fits = m.firmCap[s + k]! - firmUse(m, alloc, s + k, prices) >= blk.shape[k]! * blk.mar - 1e-6;
    if (fits) return true;
  }
  return false;
}
