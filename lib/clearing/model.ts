// The aggregated clearing model: bids in canonical order, every interval's curve reduced to the
// price levels that can matter there, block start values from prefix sums. Pure and allocation-light
// (typed arrays), because the stress book has a million curve steps.
import type { BlockBid, Book, CurveBid } from '../../schemas/book';
import { blockPeakMw } from '../../schemas/block-shape';
import { sortBids } from './canonical';

/** One interval's aggregated curve: price levels, highest first, each with its total MW. */
export interface IntervalCurve {
  price: Float64Array;
  /** welfare per MW of the level: (price − reserve) × hours */
  value: Float64Array;
  mw: Float64Array;
  /** cumMw[k] = Σ mw[0..k] (inclusive) */
  cumMw: Float64Array;
  /** cumValue[k] = Σ value·mw over levels 0..k */
  cumValue: Float64Array;
  /** lowest price kept; levels below it can never be accepted (the curve alone fills the surplus above it) */
  cutoff: number;
}

export interface BlockInfo {
  /** position in the canonical bid order */
  bid: number;
  id: string;
  isAi: boolean;
  mw: number;
  duration: number;
  earliestStart: number;
  latestStart: number;
  price: number;
  mar: number;
}

export interface ClearingModel {
  book: Book;
  /** bids sorted by id */
  bids: Book['bids'];
  T: number;
  hours: number;
  surplus: Float64Array;
  reserve: Float64Array;
  /** reservePrefix[t] = Σ reserve[0..t) */
  reservePrefix: Float64Array;
  curves: IntervalCurve[];
  curveBids: number[];
  blocks: BlockInfo[];
  /** number of curve steps in the book and (interval, level) pairs kept */
  stepCount: number;
  levelCount: number;
}

export const EPS_MW = 1e-9;

export function buildModel(input: Book): ClearingModel {
  const book = sortBids(input);
  const T = book.intervals.length;
  const hours = book.auction.intervalMinutes / 60;
  const surplus = new Float64Array(T);
  const reserve = new Float64Array(T);
  const reservePrefix = new Float64Array(T + 1);
  book.intervals.forEach((iv, t) => {
    surplus[t] = iv.surplusMw;
    reserve[t] = iv.reservePrice;
    reservePrefix[t + 1] = reservePrefix[t]! + iv.reservePrice;
  });

  const curveBids: number[] = [];
  const blocks: BlockInfo[] = [];
  let stepCount = 0;
  book.bids.forEach((bid, i) => {
    if (bid.type === 'curve') {
      curveBids.push(i);
      stepCount += bid.steps.length;
    } else {
      blocks.push(blockInfo(bid, i));
    }
  });

  // All steps sorted by price, highest first (typed arrays; ties keep canonical bid order).
  const sPrice = new Float64Array(stepCount);
  const sMw = new Float64Array(stepCount);
  const sFrom = new Int32Array(stepCount);
  const sTo = new Int32Array(stepCount);
  let k = 0;
  for (const i of curveBids) {
    const bid = book.bids[i] as CurveBid;
    for (const step of bid.steps) {
      sPrice[k] = step.price;
      sMw[k] = step.mw;
      sFrom[k] = bid.from;
      sTo[k] = bid.to;
      k++;
    }
  }
  const order = new Uint32Array(stepCount);
  for (let j = 0; j < stepCount; j++) order[j] = j;
  order.sort((a, b) => sPrice[b]! - sPrice[a]! || a - b);

  // Walk down the prices; an interval stops collecting levels once the curve alone exceeds its
  // surplus and the price drops below that level (blocks only push prices up, so lower steps are
  // never accepted there and never set its price).
  const levelPrice: number[][] = Array.from({ length: T }, () => []);
  const levelMw: number[][] = Array.from({ length: T }, () => []);
  const cum = new Float64Array(T);
  const cutoff = new Float64Array(T).fill(-1);
  let open = T;
  let minCutoff = Infinity;
  for (let j = 0; j < stepCount; j++) {
    const s = order[j]!;
    const p = sPrice[s]!;
    if (open === 0 && p < minCutoff) break;
    const mw = sMw[s]!;
    for (let t = sFrom[s]!, to = sTo[s]!; t < to; t++) {
      if (p < reserve[t]!) continue;
      const c = cutoff[t]!;
      if (c >= 0 && p < c) continue;
      const lp = levelPrice[t]!;
      const lm = levelMw[t]!;
      const last = lp.length - 1;
      if (last >= 0 && lp[last] === p) lm[last]! += mw;
      else { lp.push(p); lm.push(mw); }
      cum[t]! += mw;
      if (c < 0 && cum[t]! > surplus[t]! + EPS_MW) {
        cutoff[t] = p;
        open--;
        if (open === 0) minCutoff = Math.min(...cutoff);
      }
    }
  }

  let levelCount = 0;
  const curves: IntervalCurve[] = [];
  for (let t = 0; t < T; t++) {
    const lp = levelPrice[t]!;
    const lm = levelMw[t]!;
    const n = lp.length;
    levelCount += n;
    const price = Float64Array.from(lp);
    const mw = Float64Array.from(lm);
    const value = new Float64Array(n);
    const cumMw = new Float64Array(n);
    const cumValue = new Float64Array(n);
    let cm = 0;
    let cv = 0;
    for (let q = 0; q < n; q++) {
      value[q] = (price[q]! - reserve[t]!) * hours;
      cm += mw[q]!;
      cv += value[q]! * mw[q]!;
      cumMw[q] = cm;
      cumValue[q] = cv;
    }
    curves.push({ price, value, mw, cumMw, cumValue, cutoff: cutoff[t]! });
  }

  return { book, bids: book.bids, T, hours, surplus, reserve, reservePrefix, curves, curveBids, blocks, stepCount, levelCount };
}

function blockInfo(bid: BlockBid, i: number): BlockInfo {
  return {
    bid: i, id: bid.id, isAi: bid.class === 'ai', mw: blockPeakMw(bid), duration: bid.duration,
    earliestStart: bid.earliestStart, latestStart: bid.latestStart, price: bid.price, mar: bid.minAcceptanceRatio,
  };
}

/** Welfare of block b at start s and ratio 1: mw × hours × Σ (price − reserve_t). */
export function blockValue(m: ClearingModel, b: BlockInfo, s: number): number {
  return b.mw * m.hours * (b.duration * b.price - (m.reservePrefix[s + b.duration]! - m.reservePrefix[s]!));
}

/** Index of the first level whose cumulative MW reaches `cap` (n when the whole curve fits). */
function levelAt(c: IntervalCurve, cap: number): number {
  let lo = 0;
  let hi = c.cumMw.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (c.cumMw[mid]! < cap) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Curve welfare of interval t when `cap` MW are left for curves (filled from the top). */
export function curveWelfare(c: IntervalCurve, cap: number): number {
  if (cap <= 0) return 0;
  const k = levelAt(c, cap);
  if (k >= c.cumMw.length) return c.cumValue.length > 0 ? c.cumValue[c.cumValue.length - 1]! : 0;
  const prevMw = k > 0 ? c.cumMw[k - 1]! : 0;
  const prevVal = k > 0 ? c.cumValue[k - 1]! : 0;
  return prevVal + (cap - prevMw) * c.value[k]!;
}

/** Value per MW of the curve level that the next MW removed at `cap` would cut (0 if none). */
export function marginalValue(c: IntervalCurve, cap: number): number {
  if (cap <= 0) return 0;
  const k = levelAt(c, cap);
  if (k >= c.cumMw.length) return 0;
  return c.value[k]!;
}
