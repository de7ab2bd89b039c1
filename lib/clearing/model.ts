// The aggregated clearing model: bids in canonical order, every interval's curve reduced to the
// price levels that can matter there, block start values from prefix sums. Pure and allocation-light
// (typed arrays), because the stress book has a million curve steps.
import type { Book, CurveBid } from '../../schemas/book';
import { blockInfo, linkBlocks } from './model-blocks';
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
  /** MW in each interval of the run at ratio 1 (all `mw` unless the bid has a profile) */
  shape: Float64Array;
  /** Σ shape */
  mwSum: number;
  profiled: boolean;
  /** uses firm capacity (SPEC §1 "Firmness"; blocks default firm) */
  firm: boolean;
  /** exclusive group (index into model.groups), −1 when none */
  group: number;
  /** parent block (index into model.blocks), −1 when none */
  parent: number;
  /** linked children (indices into model.blocks), canonical order */
  children: number[];
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
  /** firmMw per interval (surplus where the book gives none) */
  firmCap: Float64Array;
  /** some interval's firmMw is below its surplus: firm allocations have a tighter cap */
  hasFirm: boolean;
  /** when hasFirm: the firm and the interruptible curve levels apart (curves holds both merged) */
  firmCurves?: IntervalCurve[];
  intCurves?: IntervalCurve[];
  /** exclusive groups: member block indices, canonical order; groups ordered by first member */
  groups: number[][];
  /** groups, links or a binding firm cap: the constraints the block-only paths ignore */
  featured: boolean;
}

export const EPS_MW = 1e-9;

export function buildModel(input: Book): ClearingModel {
  const book = sortBids(input);
  const T = book.intervals.length;
  const hours = book.auction.intervalMinutes / 60;
  const surplus = new Float64Array(T);
  const reserve = new Float64Array(T);
  const firmCap = new Float64Array(T);
  const reservePrefix = new Float64Array(T + 1);
  let hasFirm = false;
  book.intervals.forEach((iv, t) => {
    surplus[t] = iv.surplusMw;
    reserve[t] = iv.reservePrice;
    firmCap[t] = Math.min(iv.firmMw ?? iv.surplusMw, iv.surplusMw);
    if (firmCap[t]! < surplus[t]!) hasFirm = true;
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
  const groups = linkBlocks(book, blocks);

  const dims = { T, hours, reserve };
  let curves: IntervalCurve[];
  let levelCount: number;
  let firmCurves: IntervalCurve[] | undefined;
  let intCurves: IntervalCurve[] | undefined;
  if (!hasFirm) {
    ({ curves, levelCount } = aggregateCurves(book, curveBids, surplus, dims));
  } else {
    // Firm curve levels count against firmMw too: aggregated apart (each list cut at its own cap),
    // and merged for the paths that only see the total cap (a relaxation of the firm cap).
    const isFirm = (i: number) => (book.bids[i] as CurveBid).firmness === 'firm';
    intCurves = aggregateCurves(book, curveBids.filter((i) => !isFirm(i)), surplus, dims).curves;
    firmCurves = aggregateCurves(book, curveBids.filter(isFirm), firmCap, dims).curves;
    curves = intCurves.map((c, t) => mergeCurves(c, firmCurves![t]!, reserve[t]!, hours));
    levelCount = curves.reduce((n, c) => n + c.price.length, 0);
  }
  const featured = hasFirm || groups.length > 0 || blocks.some((b) => b.parent >= 0);
  return {
    book, bids: book.bids, T, hours, surplus, reserve, reservePrefix, curves, curveBids, blocks, stepCount, levelCount,
    firmCap, hasFirm, ...(firmCurves ? { firmCurves, intCurves } : {}), groups, featured,
  };
}

interface Dims { T: number; hours: number; reserve: Float64Array }

/** Aggregates the steps of `curveIdx` into per-interval price levels, cut where the curve alone exceeds `cap`. */
function aggregateCurves(book: Book, curveIdx: readonly number[], cap: Float64Array, { T, hours, reserve }: Dims): { curves: IntervalCurve[]; levelCount: number } {
  let stepCount = 0;
  for (const i of curveIdx) stepCount += (book.bids[i] as CurveBid).steps.length;
  // All steps sorted by price, highest first (typed arrays; ties keep canonical bid order).
  const sPrice = new Float64Array(stepCount);
  const sMw = new Float64Array(stepCount);
  const sFrom = new Int32Array(stepCount);
  const sTo = new Int32Array(stepCount);
  let k = 0;
  for (const i of curveIdx) {
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
  // cap and the price drops below that level (blocks only push prices up, so lower steps are
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
      if (c < 0 && cum[t]! > cap[t]! + EPS_MW) {
        cutoff[t] = p;
        open--;
        if (open === 0) minCutoff = Math.min(...cutoff);
      }
    }
  }

  let levelCount = 0;
  const curves: IntervalCurve[] = [];
  for (let t = 0; t < T; t++) {
    levelCount += levelPrice[t]!.length;
    curves.push(curveOf(levelPrice[t]!, levelMw[t]!, reserve[t]!, hours, cutoff[t]!));
  }
  return { curves, levelCount };
}

function curveOf(lp: readonly number[], lm: readonly number[], reserve: number, hours: number, cutoff: number): IntervalCurve {
  const n = lp.length;
  const price = Float64Array.from(lp);
  const mw = Float64Array.from(lm);
  const value = new Float64Array(n);
  const cumMw = new Float64Array(n);
  const cumValue = new Float64Array(n);
  let cm = 0;
  let cv = 0;
  for (let q = 0; q < n; q++) {
    value[q] = (price[q]! - reserve) * hours;
    cm += mw[q]!;
    cv += value[q]! * mw[q]!;
    cumMw[q] = cm;
    cumValue[q] = cv;
  }
  return { price, value, mw, cumMw, cumValue, cutoff };
}

/** Both lists' levels in one curve (equal prices summed); its cutoff is the interruptible list's. */
function mergeCurves(a: IntervalCurve, b: IntervalCurve, reserve: number, hours: number): IntervalCurve {
  const lp: number[] = [];
  const lm: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.price.length || j < b.price.length) {
    const fromA = j >= b.price.length || (i < a.price.length && a.price[i]! >= b.price[j]!);
    const p = fromA ? a.price[i]! : b.price[j]!;
    const q = fromA ? a.mw[i++]! : b.mw[j++]!;
    if (lp.length > 0 && lp[lp.length - 1] === p) lm[lm.length - 1]! += q;
    else { lp.push(p); lm.push(q); }
  }
  return curveOf(lp, lm, reserve, hours, a.cutoff);
}

/** Welfare of block b at start s and ratio 1: mw × hours × Σ (price − reserve_t) (per interval for a profile). */
export function blockValue(m: ClearingModel, b: BlockInfo, s: number): number {
  if (!b.profiled) return b.mw * m.hours * (b.duration * b.price - (m.reservePrefix[s + b.duration]! - m.reservePrefix[s]!));
  let v = 0;
  for (let k = 0; k < b.duration; k++) v += b.shape[k]! * (b.price - m.reserve[s + k]!);
  return v * m.hours;
}

/** Σ over the block's run from s of shape × w_t, given the prefix sums of w (μ, ν, …). */
export function blockWeighted(b: BlockInfo, s: number, wPrefix: Float64Array): number {
  if (!b.profiled) return b.mw * (wPrefix[s + b.duration]! - wPrefix[s]!);
  let v = 0;
  for (let k = 0; k < b.duration; k++) v += b.shape[k]! * (wPrefix[s + k + 1]! - wPrefix[s + k]!);
  return v;
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
