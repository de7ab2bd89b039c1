// Dispatch = the MW each bid may draw in each interval: the cleared allocation, later lowered by
// curtailments. One full-length array per bid keeps curtailment and settlement index-aligned.
import type { BlockBid, Book, BookBid, CurveBid, CurveStep } from '../../schemas/book';
import type { BlockBidResult, ClearingResult, CurveBidResult } from '../../schemas/result';
import type { Dispatch } from '../../schemas/lifecycle';
import { blockMwAt } from '../../schemas/block-shape';

export const MW_EPSILON = 1e-9;

/** Code-unit order, never locale order: the same on every machine. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** What dispatch and curtailment read of a curve bid (a book's CurveBid is one). */
export type DispatchCurve = Pick<CurveBid, 'id' | 'bidder' | 'type' | 'firmness' | 'from' | 'to'> & { steps: Pick<CurveStep, 'mw' | 'price'>[] };
/** What dispatch and curtailment read of a block bid (a book's BlockBid is one). */
export type DispatchBlock = Pick<BlockBid, 'id' | 'bidder' | 'type' | 'firmness' | 'mw' | 'profile' | 'duration' | 'price'>;
export type DispatchBid = DispatchCurve | DispatchBlock;
/** The part of a book that dispatch and curtailment read: a whole Book is one, and so is the store's lean read of it. */
export interface DispatchBook {
  auction: Pick<Book['auction'], 'id' | 'deliveryStart' | 'intervalMinutes'>;
  intervals: readonly unknown[];
  bids: readonly DispatchBid[];
}
/** The part of a result that dispatch version 0 is made of. */
export interface DispatchResult {
  bids: readonly (Pick<CurveBidResult, 'id' | 'accepted' | 'mw'> | Pick<BlockBidResult, 'id' | 'accepted' | 'start' | 'ratio'>)[];
}

/** The cleared allocation as dispatch version 0. Throws when the result does not match the book. */
export function dispatchFromResult(book: DispatchBook, result: DispatchResult): Dispatch {
  const n = book.intervals.length;
  const byId = new Map(result.bids.map((b) => [b.id, b]));
  const bids = [...book.bids].sort((x, y) => compareIds(x.id, y.id)).map((bid) => {
    const mw = new Array<number>(n).fill(0);
    const r = byId.get(bid.id);
    if (!r) throw new Error(`result has no entry for bid ${bid.id}`);
    if (bid.type === 'curve') {
      if (!('mw' in r)) throw new Error(`result entry of curve bid ${bid.id} has no mw`);
      if (r.accepted) {
        if (r.mw.length !== bid.to - bid.from) throw new Error(`result entry of bid ${bid.id} has ${r.mw.length} intervals, expected ${bid.to - bid.from}`);
        r.mw.forEach((v, k) => { mw[bid.from + k] = v; });
      }
    } else if (r.accepted) {
      if (!('ratio' in r) || r.start === undefined) throw new Error(`result entry of block bid ${bid.id} has no start`);
      for (let k = 0; k < bid.duration; k++) mw[r.start + k] = blockMwAt(bid, k) * r.ratio;
    }
    return { bidId: bid.id, mw };
  });
  return { auctionId: book.auction.id, version: 0, bids };
}

export interface Layer {
  price: number;
  /** Step indexes merged into this layer (same price within one bid). */
  steps: number[];
  mw: number;
}

/**
 * The layers of a curve bid dispatched at `mw`: filled from the highest-priced step down (ties:
 * lower step index first), equal prices merged, returned lowest price first — the order in which
 * curtailment removes them.
 */
export function curveLayers(bid: Pick<CurveBid, 'steps'> | Pick<DispatchCurve, 'steps'>, mw: number): Layer[] {
  const perStep = curveFill(bid, mw);
  if (perStep.length === 1) return perStep[0]! > 0 ? [{ price: bid.steps[0]!.price, steps: [0], mw: perStep[0]! }] : [];
  const byPrice = new Map<number, Layer>();
  perStep.forEach((fill, i) => {
    if (fill <= 0) return;
    const price = bid.steps[i]!.price;
    const layer = byPrice.get(price) ?? { price, steps: [], mw: 0 };
    layer.steps.push(i);
    layer.mw += fill;
    byPrice.set(price, layer);
  });
  return [...byPrice.values()].sort((a, b) => a.price - b.price);
}

/** MW of each step (in step order) when the curve bid takes `mw`: highest price first. */
export function curveFill(bid: Pick<CurveBid, 'steps'> | Pick<DispatchCurve, 'steps'>, mw: number): number[] {
  const steps = bid.steps;
  // One step (most miners' curves): no order to find. Hot in curtailment and settlement.
  if (steps.length === 1) return [mw <= MW_EPSILON ? 0 : Math.min(mw, steps[0]!.mw)];
  const order = steps.map((_, i) => i).sort((a, b) => steps[b]!.price - steps[a]!.price || a - b);
  const fill = new Array<number>(steps.length).fill(0);
  let left = mw;
  for (const i of order) {
    if (left <= MW_EPSILON) break;
    const take = Math.min(left, steps[i]!.mw);
    fill[i] = take;
    left -= take;
  }
  return fill;
}

export function bidPrice(bid: BookBid): number {
  return bid.type === 'block' ? bid.price : Math.max(...bid.steps.map((s) => s.price));
}
