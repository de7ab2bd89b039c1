// Independent checks of a uniform-price result on a market-v2 book: each product (energy at
// `price`, firm at `firmPrice`) in equilibrium on its own, and each reason consistent with the
// published prices and allocations.
import { expect } from 'vitest';
import type { BlockBid, Book, CurveBid } from '../../../schemas/book';
import type { BlockBidResult, ClearingResult, CurveBidResult } from '../../../schemas/result';
import { blockMwAt } from '../../../schemas/block-shape';
import { isFirm } from './exhaustive-v2';

const TOL = 1e-5;

const productPrices = (b: Book, r: ClearingResult, firm: boolean) => r.intervals.map((iv) => (firm ? iv.firmPrice ?? iv.price : iv.price));

export function checkEquilibriumV2(b: Book, r: ClearingResult): void {
  r.intervals.forEach((iv, t) => {
    const book = b.intervals[t]!;
    expect(iv.price).toBeGreaterThanOrEqual(book.reservePrice);
    if (iv.price > book.reservePrice + TOL) expect(iv.unallocatedMw).toBeLessThanOrEqual(TOL);
    if (iv.firmPrice !== undefined) {
      expect(iv.firmPrice).toBeGreaterThanOrEqual(iv.price);
      // a firm premium only where firm allocations use all of firmMw
      if (iv.firmPrice > iv.price + TOL) expect(iv.firmMw ?? 0).toBeGreaterThanOrEqual((book.firmMw ?? book.surplusMw) - TOL); // no firmMw: all the surplus is firm
    }
  });
  const byId = new Map(b.bids.map((x) => [x.id, x]));
  // Curves, per product: steps above its price filled, below it empty, at it one common ratio.
  for (const firm of [false, true]) {
    const prices = productPrices(b, r, firm);
    for (let t = 0; t < b.intervals.length; t++) {
      const ratios: number[] = [];
      for (const res of r.bids) {
        const bid = byId.get(res.id)!;
        if (bid.type !== 'curve' || isFirm(bid) !== firm || t < bid.from || t >= bid.to) continue;
        const q = (res as CurveBidResult).mw[t - bid.from] ?? 0;
        const reserve = b.intervals[t]!.reservePrice;
        const above = bid.steps.filter((s) => s.price > prices[t]! + 1e-9 && s.price >= reserve).reduce((a, s) => a + s.mw, 0);
        const at = bid.steps.filter((s) => Math.abs(s.price - prices[t]!) <= 1e-9 && s.price >= reserve).reduce((a, s) => a + s.mw, 0);
        expect(q, `${bid.id} at ${t}`).toBeGreaterThanOrEqual(above - TOL);
        expect(q, `${bid.id} at ${t}`).toBeLessThanOrEqual(above + at + TOL);
        if (at > 1e-9) ratios.push((q - above) / at);
      }
      for (const x of ratios) expect(x).toBeCloseTo(ratios[0]!, 5);
    }
  }
  // Blocks: no accepted family (a parent with its accepted children) loses at its products' prices.
  const results = new Map(r.bids.map((x) => [x.id, x as BlockBidResult]));
  const blocks = b.bids.filter((x): x is BlockBid => x.type === 'block');
  for (const parent of blocks.filter((k) => k.parentId === undefined && results.get(k.id)!.accepted)) {
    const family = [parent, ...blocks.filter((k) => k.parentId === parent.id && results.get(k.id)!.accepted)];
    const gain = family.reduce((g, k) => g + blockGain(b, r, k, results.get(k.id)!.start!) * results.get(k.id)!.ratio, 0);
    // the engine's no-loss tolerance is relative (1e-9 of the block's value) and published prices
    // are rounded to 1e-6 per MWh: allow both, per MWh of the family
    const mwh = family.reduce((q, k) => q + blockShapeSum(k) * b.auction.intervalMinutes / 60, 0);
    const value = family.reduce((v, k) => v + k.price * blockShapeSum(k), 0);
    expect(gain, `family of ${parent.id}`).toBeGreaterThanOrEqual(-(TOL + 1e-6 * mwh + 1e-8 * value));
  }
}

const blockShapeSum = (k: BlockBid) => Array.from({ length: k.duration }, (_, i) => blockMwAt(k, i)).reduce((a, x) => a + x, 0);

/** Gain of a block at full ratio and start s at its product's prices (per MWh, hours applied). */
function blockGain(b: Book, r: ClearingResult, k: BlockBid, s: number): number {
  const prices = productPrices(b, r, isFirm(k));
  const h = b.auction.intervalMinutes / 60;
  let g = 0;
  for (let t = s; t < s + k.duration; t++) g += (k.price - prices[t]!) * blockMwAt(k, t - s) * h;
  return g;
}

export function checkReasonsV2(b: Book, r: ClearingResult): void {
  const byId = new Map(b.bids.map((x) => [x.id, x]));
  const results = new Map(r.bids.map((x) => [x.id, x]));
  for (const res of r.bids) {
    const bid = byId.get(res.id)!;
    const full = bid.type === 'block' ? res.accepted && (res as BlockBidResult).ratio >= 1 - 1e-6 : fullCurve(bid, res as CurveBidResult);
    if (full) { expect(res.reason, res.id).toBeUndefined(); continue; }
    expect(res.reason, `${res.id} has a reason`).toBeDefined();
    if (bid.type === 'curve') continue;
    const starts = Array.from({ length: bid.latestStart - bid.earliestStart + 1 }, (_, i) => bid.earliestStart + i);
    const best = Math.max(...starts.map((s) => blockGain(b, r, bid, s)));
    switch (res.reason) {
      case 'parent-rejected': expect(results.get(bid.parentId!)?.accepted).toBe(false); break;
      case 'exclusive-group': {
        const winner = byId.get(res.acceptedMember!)!;
        expect(results.get(winner.id)?.accepted).toBe(true);
        expect([winner.type === 'block' ? winner.exclusiveGroup : undefined, winner.bidder, winner.id !== bid.id]).toEqual([bid.exclusiveGroup, bid.bidder, true]);
        break;
      }
      case 'out-of-the-money':
        expect(best).toBeLessThanOrEqual(1e-3);
        expect(res.shortfall).toBeCloseTo(-best, 1);
        break;
      case 'paradoxically-rejected':
        // The list is uniform pricing's (SPEC §2); under pay-as-bid it stays empty and the reason alone tells.
        if (b.auction.pricing === 'uniform') expect(r.paradoxicallyRejected).toContain(bid.id);
        expect(res.foregone).toBeCloseTo(Math.max(0, best), 1);
        break;
      // no firm room left where it would run — or, for any block, no room at all at its smallest size
      case 'firm-capacity': expect(isFirm(bid) || !fitsAlone(b, bid)).toBe(true); break;
      case 'below-reserve': {
        const atReserve = Math.max(...starts.map((s) => {
          let g = 0;
          for (let t = s; t < s + bid.duration; t++) g += (bid.price - b.intervals[t]!.reservePrice) * blockMwAt(bid, t - s);
          return g;
        }));
        expect(atReserve).toBeLessThan(0);
        break;
      }
      case 'marginal': expect(res.accepted).toBe(true); break;
      default: throw new Error(`unexpected reason ${String(res.reason)} for block ${bid.id}`);
    }
    // a rejected block that would gain is listed (uniform pricing), unless a group, its parent or firm capacity keeps it out
    if (b.auction.pricing === 'uniform' && !res.accepted && best > 1e-3 && !['parent-rejected', 'exclusive-group', 'firm-capacity'].includes(res.reason!)) expect(r.paradoxicallyRejected).toContain(bid.id);
  }
}

function fitsAlone(b: Book, k: BlockBid): boolean {
  for (let s = k.earliestStart; s <= k.latestStart; s++) {
    let fits = true;
    for (let t = s; t < s + k.duration; t++) fits &&= b.intervals[t]!.surplusMw >= blockMwAt(k, t - s) * k.minAcceptanceRatio - 1e-6;
    if (fits) return true;
  }
  return false;
}

function fullCurve(bid: CurveBid, res: CurveBidResult): boolean {
  const total = bid.steps.reduce((a, s) => a + s.mw, 0);
  return res.accepted && res.mw.length === bid.to - bid.from && res.mw.every((q) => q >= total - 1e-6);
}
