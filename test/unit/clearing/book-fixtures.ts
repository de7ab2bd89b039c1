// Small helpers to write books in tests, and an independent checker of results against books.
import { expect } from 'vitest';
import type { BlockBid, Book, BookBid, CurveBid } from '../../../schemas/book';
import type { BlockBidResult, ClearingResult, CurveBidResult } from '../../../schemas/result';
import { blockMwAt } from '../../../schemas/block-shape';
import { isFirm } from './exhaustive-v2';

export function book(intervals: [number, number][], bids: BookBid[], pricing: 'uniform' | 'pay-as-bid' = 'uniform'): Book {
  return {
    format: 'surplus-auction/v1',
    auction: { id: 'T-1', zone: 'PK-TEST', deliveryStart: '2026-12-01T00:00:00Z', intervalMinutes: 60, currency: 'USD', pricing },
    intervals: intervals.map(([surplusMw, reservePrice]) => ({ surplusMw, reservePrice })),
    bids,
  };
}

export function curve(id: string, from: number, to: number, steps: [number, number][], cls: 'ai' | 'mining' = 'mining'): CurveBid {
  return { id, bidder: `bidder-${id}`, class: cls, type: 'curve', from, to, steps: steps.map(([mw, price]) => ({ mw, price })) };
}

export function block(id: string, mw: number, duration: number, earliestStart: number, latestStart: number, price: number, minAcceptanceRatio = 1, cls: 'ai' | 'mining' = 'ai'): BlockBid {
  return { id, bidder: `bidder-${id}`, class: cls, type: 'block', mw, duration, earliestStart, latestStart, price, minAcceptanceRatio };
}

const TOL = 1e-6;

/** Welfare of the result recomputed from the book alone, after checking feasibility. */
export function checkFeasible(b: Book, r: ClearingResult): number {
  const T = b.intervals.length;
  const h = b.auction.intervalMinutes / 60;
  const load = new Array<number>(T).fill(0);
  const ids = [...b.bids].map((x) => x.id).sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  expect(r.bids.map((x) => x.id)).toEqual(ids);
  let welfare = 0;
  // What publication rounding can move the recomputed welfare by: each published curve MW is
  // within 1e-6 of the engine's (one unit where the largest remainder hands units out), each
  // block ratio within 1e-9.
  let roundingSlack = 0;
  for (const res of r.bids) {
    const bid = b.bids.find((x) => x.id === res.id)!;
    if (bid.type === 'block') {
      const br = res as BlockBidResult;
      if (!br.accepted) { expect(br.ratio).toBe(0); continue; }
      expect(br.start).toBeGreaterThanOrEqual(bid.earliestStart);
      expect(br.start).toBeLessThanOrEqual(bid.latestStart);
      expect(br.ratio).toBeGreaterThanOrEqual(bid.minAcceptanceRatio - TOL);
      expect(br.ratio).toBeLessThanOrEqual(1);
      for (let t = br.start!; t < br.start! + bid.duration; t++) {
        const q = blockMwAt(bid, t - br.start!);
        load[t]! += br.ratio * q;
        welfare += br.ratio * q * (bid.price - b.intervals[t]!.reservePrice) * h;
        roundingSlack += 1e-9 * q * Math.abs(bid.price - b.intervals[t]!.reservePrice) * h;
      }
    } else {
      const cr = res as CurveBidResult;
      if (!cr.accepted) { expect(cr.mw).toEqual([]); continue; }
      expect(cr.mw).toHaveLength(bid.to - bid.from);
      cr.mw.forEach((q, i) => {
        const t = bid.from + i;
        const r0 = b.intervals[t]!.reservePrice;
        roundingSlack += 1e-6 * Math.max(...bid.steps.map((s) => Math.abs(s.price - r0))) * h;
        // filled from the highest step down, never below the reserve
        let left = q;
        for (const s of [...bid.steps].sort((x, y) => y.price - x.price)) {
          if (left <= 0) break;
          const take = Math.min(left, s.mw);
          if (take > TOL) expect(s.price).toBeGreaterThanOrEqual(r0);
          welfare += take * (s.price - r0) * h;
          left -= take;
        }
        expect(left).toBeLessThanOrEqual(TOL * Math.max(1, q));
        load[t]! += q;
      });
    }
  }
  load.forEach((l, t) => expect(l).toBeLessThanOrEqual(b.intervals[t]!.surplusMw + TOL * Math.max(1, l)));
  checkMarketV2(b, r);
  // published MW are rounded to 1e-6, so the recomputed welfare may differ by that much × price
  expect(Math.abs(r.welfare - welfare)).toBeLessThanOrEqual(Math.max(1e-6 * Math.max(1, Math.abs(welfare)), roundingSlack * (1 + 1e-9)));
  expect(r.welfare).toBeLessThanOrEqual(r.bound + TOL * Math.max(1, Math.abs(r.bound)));
  if (r.optimal) expect(r.bound).toBe(r.welfare);
  return welfare;
}

/** The uniform-price equilibrium conditions of SPEC §2, checked on the published result. */
export function checkUniformEquilibrium(b: Book, r: ClearingResult): void {
  const T = b.intervals.length;
  r.intervals.forEach((iv, t) => {
    const reserve = b.intervals[t]!.reservePrice;
    expect(iv.price).toBeGreaterThanOrEqual(reserve);
    if (iv.price > reserve + TOL) expect(iv.unallocatedMw).toBeLessThanOrEqual(1e-5);
  });
  // Curves: above the price fully accepted, below rejected, at it one common fill ratio.
  for (let t = 0; t < T; t++) {
    const price = r.intervals[t]!.price;
    const reserve = b.intervals[t]!.reservePrice;
    const ratios: number[] = [];
    for (const res of r.bids) {
      const bid = b.bids.find((x) => x.id === res.id)!;
      if (bid.type !== 'curve' || t < bid.from || t >= bid.to) continue;
      const q = (res as CurveBidResult).mw[t - bid.from] ?? 0;
      const above = bid.steps.filter((s) => s.price > price + 1e-9 && s.price >= reserve).reduce((a, s) => a + s.mw, 0);
      const at = bid.steps.filter((s) => Math.abs(s.price - price) <= 1e-9 && s.price >= reserve).reduce((a, s) => a + s.mw, 0);
      expect(q).toBeGreaterThanOrEqual(above - 1e-5);
      expect(q).toBeLessThanOrEqual(above + at + 1e-5);
      if (at > 1e-9) ratios.push((q - above) / at);
    }
    for (const x of ratios) expect(x).toBeCloseTo(ratios[0]!, 5);
  }
  // Blocks: no accepted block loses money; paradoxically rejected ones are exactly the rejected
  // blocks that would gain at some start.
  const gains = (bid: BlockBid, s: number) => {
    let g = 0;
    for (let t = s; t < s + bid.duration; t++) g += bid.price - r.intervals[t]!.price;
    return g;
  };
  const prb: string[] = [];
  for (const res of r.bids) {
    const bid = b.bids.find((x) => x.id === res.id)!;
    if (bid.type !== 'block') continue;
    const br = res as BlockBidResult;
    if (br.accepted) expect(gains(bid, br.start!)).toBeGreaterThanOrEqual(-1e-5);
    else {
      let best = -Infinity;
      for (let s = bid.earliestStart; s <= bid.latestStart; s++) best = Math.max(best, gains(bid, s));
      if (best > 1e-5) prb.push(bid.id);
      else if (best < -1e-5) expect(r.paradoxicallyRejected).not.toContain(bid.id);
    }
  }
  for (const id of prb) expect(r.paradoxicallyRejected).toContain(id);
}


/** SPEC §1–§2 extended constraints: firm load ≤ firmMw, one accepted block per group, children only with their parent. */
export function checkMarketV2(b: Book, r: ClearingResult): void {
  const byId = new Map(r.bids.map((x) => [x.id, x]));
  const firm = new Array<number>(b.intervals.length).fill(0);
  const groups = new Map<string, string[]>();
  for (const bid of b.bids) {
    const res = byId.get(bid.id)!;
    if (!res.accepted) continue;
    if (bid.type === 'block') {
      const br = res as BlockBidResult;
      if (isFirm(bid)) for (let k = 0; k < bid.duration; k++) firm[br.start! + k]! += br.ratio * blockMwAt(bid, k);
      if (bid.exclusiveGroup !== undefined) {
        const key = `${bid.bidder}\u0000${bid.exclusiveGroup}`;
        groups.set(key, [...(groups.get(key) ?? []), bid.id]);
      }
      if (bid.parentId !== undefined) expect(byId.get(bid.parentId)?.accepted, `${bid.id} accepted without its parent`).toBe(true);
    } else if (isFirm(bid)) {
      (res as CurveBidResult).mw.forEach((q, i) => { firm[bid.from + i]! += q; });
    }
  }
  firm.forEach((f, t) => expect(f).toBeLessThanOrEqual((b.intervals[t]!.firmMw ?? Infinity) + TOL * Math.max(1, f)));
  for (const [key, ids] of groups) expect(ids, `group ${key}`).toHaveLength(1);
}
