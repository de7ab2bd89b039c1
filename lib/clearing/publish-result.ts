// The published numbers of a result: interval aggregates and per-bid allocations, rounded for
// publication. Version 1 rounds each number to nearest on its own (kept for replay); from version 2
// on, rounding never breaks feasibility: in every interval the published allocations sum to at
// most the surplus (to PUBLISHED_SUM_TOL of float summation noise), and so do aiMw + miningMw.
import type { CurveBid } from '../../schemas/book';
import type { BidResult } from '../../schemas/result';
import type { Allocation } from './allocation';
import { blockValue, EPS_MW, type ClearingModel } from './model';
import type { IntervalPrices } from './pricing';
import { firmFigures, type FirmFigures } from './publish-firm';

/** Float noise allowed in a published sum: far below the 1e-6 MW publication precision. */
export const PUBLISHED_SUM_TOL = 1e-9;
const MICRO = 1e6;
const NANO = 1e9;

export interface PublishedNumbers {
  intervals: ({ price: number; aiMw: number; miningMw: number; unallocatedMw: number } & Partial<FirmFigures>)[];
  bids: BidResult[];
  /** welfare of the engine's (unrounded) allocation; published MW differ from it by < 1e-6 each */
  welfare: number;
}

/**
 * Each curve bid's exact take per interval at the prices (steps above fully, at the price pro
 * rata), in flat typed arrays (one slot per curve bid and interval of its window: a national book
 * has ~2 million) so that publication allocates no object per slot.
 */
interface CurveTakes {
  /** slots of curve c (its position in m.curveBids) are offset[c] … offset[c + 1] − 1 */
  offset: Int32Array;
  exact: Float64Array;
  marginalValue: Float64Array;
  /** interval t's slots in curve order: bySlot[byStart[t]] … bySlot[byStart[t + 1] − 1], and their curves */
  byStart: Int32Array;
  bySlot: Int32Array;
  byCurve: Int32Array;
  welfare: number;
}

function curveTakes(m: ClearingModel, prices: IntervalPrices, welfare0: number): CurveTakes {
  const C = m.curveBids.length;
  const offset = new Int32Array(C + 1);
  const perInterval = new Int32Array(m.T + 1);
  m.curveBids.forEach((i, c) => {
    const bid = m.bids[i] as CurveBid;
    offset[c + 1] = offset[c]! + (bid.to - bid.from);
    for (let t = bid.from; t < bid.to; t++) perInterval[t + 1]!++;
  });
  const slots = offset[C]!;
  const exact = new Float64Array(slots);
  const marginalValue = new Float64Array(slots);
  const byStart = new Int32Array(m.T + 1);
  for (let t = 0; t < m.T; t++) byStart[t + 1] = byStart[t]! + perInterval[t + 1]!;
  const cursor = byStart.slice(0, m.T);
  const bySlot = new Int32Array(slots);
  const byCurve = new Int32Array(slots);
  let welfare = welfare0;
  m.curveBids.forEach((i, c) => {
    const bid = m.bids[i] as CurveBid;
    // A firm curve pays (and is cut at) the firm price.
    const firm = m.hasFirm && bid.firmness === 'firm';
    const price = firm ? prices.firmPrice : prices.price;
    const fill = firm ? prices.firmFill : prices.fill;
    for (let t = bid.from; t < bid.to; t++) {
      let q = 0;
      let marginal = 0;
      const p = price[t]!;
      for (const step of bid.steps) {
        if (step.price < m.reserve[t]!) continue;
        const take = step.price > p ? step.mw : step.price === p ? step.mw * fill[t]! : 0;
        if (take > 0) {
          q += take;
          const v = (step.price - m.reserve[t]!) * m.hours;
          welfare += take * (step.price - m.reserve[t]!) * m.hours; // as version 1 sums it
          marginal = marginal === 0 ? v : Math.min(marginal, v);
        }
      }
      const slot = offset[c]! + t - bid.from;
      exact[slot] = q;
      marginalValue[slot] = marginal;
      const k = cursor[t]!++;
      bySlot[k] = slot;
      byCurve[k] = c;
    }
  });
  return { offset, exact, marginalValue, byStart, bySlot, byCurve, welfare };
}

/** Version 1, verbatim: each number rounded to nearest on its own. */
export function publishV1(m: ClearingModel, alloc: Allocation, { price, fill }: IntervalPrices): PublishedNumbers {
  const T = m.T;
  const ai = new Float64Array(T);
  const mining = new Float64Array(T);
  let welfare = 0;
  const bids: BidResult[] = new Array(m.bids.length);
  m.blocks.forEach((blk, b) => {
    const s = alloc.start[b]!;
    if (s < 0) { bids[blk.bid] = { id: blk.id, accepted: false, ratio: 0 }; return; }
    const r = alloc.ratio[b]!;
    welfare += r * blockValue(m, blk, s);
    const target = blk.isAi ? ai : mining;
    for (let k = 0; k < blk.duration; k++) target[s + k]! += r * blk.shape[k]!;
    bids[blk.bid] = { id: blk.id, accepted: true, start: s, ratio: round(r, 9) };
  });
  for (const i of m.curveBids) {
    const bid = m.bids[i] as CurveBid;
    const mw: number[] = [];
    let any = false;
    const target = bid.class === 'ai' ? ai : mining;
    for (let t = bid.from; t < bid.to; t++) {
      let q = 0;
      const p = price[t]!;
      for (const step of bid.steps) {
        if (step.price < m.reserve[t]!) continue;
        const take = step.price > p ? step.mw : step.price === p ? step.mw * fill[t]! : 0;
        if (take > 0) { q += take; welfare += take * (step.price - m.reserve[t]!) * m.hours; }
      }
      target[t]! += q;
      if (q > EPS_MW) any = true;
      mw.push(round(q, 6));
    }
    bids[i] = { id: bid.id, accepted: any, mw: any ? mw : [] };
  }
  const intervals = Array.from({ length: T }, (_, t) => ({
    price: round(price[t]!, 6),
    aiMw: round(ai[t]!, 6),
    miningMw: round(mining[t]!, 6),
    unallocatedMw: round(Math.max(0, m.surplus[t]! - ai[t]! - mining[t]!), 6),
  }));
  return { intervals, bids, welfare };
}

/** Block ratios to 9 decimals, rounded down where rounding up would overfill an interval. */
function publishedRatios(m: ClearingModel, alloc: Allocation): Float64Array {
  const pub = new Float64Array(m.blocks.length);
  const load = new Float64Array(m.T);
  const firmLoad = new Float64Array(m.T);
  m.blocks.forEach((blk, b) => {
    const s = alloc.start[b]!;
    if (s < 0) return;
    pub[b] = Math.max(blk.mar, round(alloc.ratio[b]!, 9));
    for (let k = 0; k < blk.duration; k++) {
      load[s + k]! += pub[b]! * blk.shape[k]!;
      if (blk.firm && m.hasFirm) firmLoad[s + k]! += pub[b]! * blk.shape[k]!;
    }
  });
  // Rare: blocks alone fill an interval and one rounded up. Round those down (last in canonical order first).
  for (let b = m.blocks.length - 1; b >= 0; b--) {
    const s = alloc.start[b]!;
    const blk = m.blocks[b]!;
    if (s < 0 || pub[b]! <= alloc.ratio[b]!) continue;
    let over = false;
    const firm = blk.firm && m.hasFirm;
    for (let t = s; t < s + blk.duration; t++) {
      if (load[t]! > m.surplus[t]! + PUBLISHED_SUM_TOL || (firm && firmLoad[t]! > m.firmCap[t]! + PUBLISHED_SUM_TOL)) over = true;
    }
    if (!over) continue;
    const down = Math.max(blk.mar, Math.floor(alloc.ratio[b]! * NANO) / NANO);
    for (let k = 0; k < blk.duration; k++) {
      load[s + k]! += (down - pub[b]!) * blk.shape[k]!;
      if (firm) firmLoad[s + k]! += (down - pub[b]!) * blk.shape[k]!;
    }
    pub[b] = down;
  }
  return pub;
}

/** One interval's takes, gathered into reusable buffers (sized for the busiest interval). */
interface IntervalTakes { n: number; exact: Float64Array; marginalValue: Float64Array; bid: Int32Array; units: Float64Array }

/**
 * Curve MW of one interval in micro-MW, into `units`: to nearest when that fits in `room`;
 * otherwise floors plus the units left handed out by largest remainder (ties: canonical order),
 * and if even the floors do not fit, units taken from the lowest-valued takes (ties: last in
 * canonical order).
 */
function roundIntoRoom({ n, exact, marginalValue, bid, units }: IntervalTakes, room: number): void {
  const budget = Math.floor((room + PUBLISHED_SUM_TOL / 2) * MICRO);
  let sum = 0;
  for (let k = 0; k < n; k++) sum += units[k] = Math.round(exact[k]! * MICRO);
  if (sum <= budget) return;
  sum = 0;
  for (let k = 0; k < n; k++) sum += units[k] = Math.floor(exact[k]! * MICRO);
  if (sum <= budget) {
    // Only takes with a remainder can gain a unit, so only they are sorted.
    const remainder = new Float64Array(n);
    const order: number[] = [];
    for (let k = 0; k < n; k++) if ((remainder[k] = exact[k]! * MICRO - units[k]!) > 0) order.push(k);
    order.sort((a, b) => remainder[b]! - remainder[a]! || bid[a]! - bid[b]!);
    for (const k of order) {
      if (sum >= budget) break;
      units[k]!++;
      sum++;
    }
    return;
  }
  const order = Array.from({ length: n }, (_, k) => k);
  order.sort((a, b) => marginalValue[a]! - marginalValue[b]! || bid[b]! - bid[a]!);
  while (sum > Math.max(0, budget)) {
    let progressed = false;
    for (const k of order) {
      if (sum <= Math.max(0, budget)) break;
      if (units[k]! > 0) { units[k]!--; sum--; progressed = true; }
    }
    if (!progressed) break;
  }
}

export function publishV2(m: ClearingModel, alloc: Allocation, prices: IntervalPrices): PublishedNumbers {
  const { price } = prices;
  const ai = new Float64Array(m.T);
  const mining = new Float64Array(m.T);
  let welfare = 0;
  const bids: BidResult[] = new Array(m.bids.length);
  const ratio = publishedRatios(m, alloc);
  const firmPub = new Float64Array(m.T);
  m.blocks.forEach((blk, b) => {
    const s = alloc.start[b]!;
    if (s < 0) { bids[blk.bid] = { id: blk.id, accepted: false, ratio: 0 }; return; }
    const r = ratio[b]!;
    welfare += alloc.ratio[b]! * blockValue(m, blk, s);
    const target = blk.isAi ? ai : mining;
    for (let k = 0; k < blk.duration; k++) {
      target[s + k]! += r * blk.shape[k]!;
      if (m.hasFirm && blk.firm) firmPub[s + k]! += r * blk.shape[k]!;
    }
    bids[blk.bid] = { id: blk.id, accepted: true, start: s, ratio: r };
  });
  const curves = curveTakes(m, prices, welfare);
  welfare = curves.welfare;
  const { offset, exact, byStart, bySlot, byCurve } = curves;
  const isAi = Uint8Array.from(m.curveBids, (i) => (m.bids[i]!.class === 'ai' ? 1 : 0));
  const mw = new Float64Array(exact.length);
  let busiest = 0;
  for (let t = 0; t < m.T; t++) busiest = Math.max(busiest, byStart[t + 1]! - byStart[t]!);
  const one: IntervalTakes = {
    n: 0, exact: new Float64Array(busiest), marginalValue: new Float64Array(busiest), bid: new Int32Array(busiest), units: new Float64Array(busiest),
  };
  // With firm curves, an interval's firm takes are rounded first into the firm room, then the rest.
  const firmCurve = m.firmCurves ? Uint8Array.from(m.curveBids, (i) => ((m.bids[i] as CurveBid).firmness === 'firm' ? 1 : 0)) : undefined;
  const pick = new Int32Array(busiest);
  const roundSlots = (t: number, want: number, room: number): void => {
    const from = byStart[t]!;
    one.n = 0;
    for (let n = 0; n < byStart[t + 1]! - from; n++) {
      if (want >= 0 && firmCurve![byCurve[from + n]!] !== want) continue;
      const slot = bySlot[from + n]!;
      pick[one.n] = n;
      one.exact[one.n] = exact[slot]!;
      one.marginalValue[one.n] = curves.marginalValue[slot]!;
      one.bid[one.n++] = m.curveBids[byCurve[from + n]!]!;
    }
    roundIntoRoom(one, room);
    for (let k = 0; k < one.n; k++) {
      const n = pick[k]!;
      const q = one.units[k]! / MICRO;
      (isAi[byCurve[from + n]!] ? ai : mining)[t]! += q;
      mw[bySlot[from + n]!] = q;
      if (want === 1) firmPub[t]! += q;
    }
  };
  for (let t = 0; t < m.T; t++) {
    if (!firmCurve) { roundSlots(t, -1, m.surplus[t]! - ai[t]! - mining[t]!); continue; }
    roundSlots(t, 1, Math.min(m.surplus[t]! - ai[t]! - mining[t]!, m.firmCap[t]! - firmPub[t]!));
    roundSlots(t, 0, m.surplus[t]! - ai[t]! - mining[t]!);
  }
  m.curveBids.forEach((i, c) => {
    const own: number[] = new Array(offset[c + 1]! - offset[c]!);
    let any = false;
    for (let k = offset[c]!, n = 0; k < offset[c + 1]!; k++, n++) {
      own[n] = mw[k]!;
      if (mw[k]! > 0) any = true;
    }
    bids[i] = { id: m.bids[i]!.id, accepted: any, mw: any ? own : [] };
  });
  const firm = m.hasFirm ? firmFigures(m, prices, firmPub, ai, mining) : undefined;
  const intervals = Array.from({ length: m.T }, (_, t) => {
    let aiMw = round(ai[t]!, 6);
    let miningMw = round(mining[t]!, 6);
    if (aiMw + miningMw > m.surplus[t]! + PUBLISHED_SUM_TOL) {
      // Both rounded up past the surplus: take one micro-MW back from the one rounded up more.
      if (aiMw - ai[t]! >= miningMw - mining[t]!) aiMw = round(aiMw - 1 / MICRO, 6);
      else miningMw = round(miningMw - 1 / MICRO, 6);
    }
    return { price: round(price[t]!, 6), aiMw, miningMw, unallocatedMw: round(Math.max(0, m.surplus[t]! - aiMw - miningMw), 6), ...firm?.[t] };
  });
  return { intervals, bids, welfare };
}

export function round(x: number, digits: number): number {
  const f = 10 ** digits;
  const r = Math.round(x * f) / f;
  return r === 0 ? 0 : r; // no −0
}
