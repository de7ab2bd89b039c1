// Rounding for publication never breaks feasibility (issue 15): on random books with awkward
// decimals (surpluses like 1,870.8 MW, kW-precision bids, pro-rata ties in thirds, partial blocks),
// every interval's published allocations sum to at most its surplus, and so do aiMw + miningMw.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clearBook, type EngineVersion } from '../../../lib/clearing';
import { PUBLISHED_SUM_TOL } from '../../../lib/clearing/publish-result';
import type { Book, BookBid } from '../../../schemas/book';
import type { BlockBidResult, ClearingResult, CurveBidResult } from '../../../schemas/result';
import { block, book, checkFeasible, checkUniformEquilibrium, curve } from './book-fixtures';
import { blockMwAt } from '../../../schemas/block-shape';

const RUNS = Number(process.env.FC_RUNS ?? 80);

const kw = fc.integer({ min: 1_000, max: 400_000 }).map((x) => x / 1000);
const price = fc.integer({ min: 2_000, max: 30_000 }).map((x) => x / 100);

function awkwardBook(pricing: 'uniform' | 'pay-as-bid'): fc.Arbitrary<Book> {
  return fc.integer({ min: 1, max: 6 }).chain((T) => {
    const interval = fc.tuple(fc.integer({ min: 0, max: 20_000 }).map((x) => x / 10), fc.integer({ min: 2_000, max: 6_000 }).map((x) => x / 100));
    // prices drawn from a few values so that steps tie at the clearing price
    const step = fc.tuple(kw, fc.constantFrom(40, 55.5, 70, 99.99));
    const curveArb = fc.tuple(fc.integer({ min: 0, max: T - 1 }), fc.integer({ min: 1, max: T }), fc.array(step, { minLength: 1, maxLength: 3 }), fc.boolean());
    const blockArb = fc.tuple(kw, fc.integer({ min: 1, max: T }), fc.nat(), fc.integer({ min: 0, max: 2 }), price, fc.constantFrom(1, 0.5, 0.25, 0.333), fc.boolean());
    return fc.tuple(fc.array(interval, { minLength: T, maxLength: T }), fc.array(curveArb, { maxLength: 6 }), fc.array(blockArb, { maxLength: 5 }))
      .map(([ivs, curves, blocks]) => {
        const bids: BookBid[] = [];
        curves.forEach(([from, len, steps, ai], i) => bids.push(curve(`c${i}`, from, Math.min(T, from + len), steps, ai ? 'ai' : 'mining')));
        blocks.forEach(([mw, duration, es, window, p, mar, ai], i) => {
          const last = T - duration;
          const e = es % (last + 1);
          bids.push(block(`k${i}`, mw, duration, e, Math.min(last, e + window), p, mar, ai ? 'ai' : 'mining'));
        });
        return book(ivs, bids, pricing);
      });
  });
}

/** Published MW per interval and class, summed from the published bids alone. */
function publishedLoad(b: Book, r: ClearingResult): { ai: number[]; mining: number[] } {
  const T = b.intervals.length;
  const ai = new Array<number>(T).fill(0);
  const mining = new Array<number>(T).fill(0);
  for (const res of r.bids) {
    const bid = b.bids.find((x) => x.id === res.id)!;
    const target = bid.class === 'ai' ? ai : mining;
    if (bid.type === 'block') {
      const br = res as BlockBidResult;
      if (br.accepted) for (let t = br.start!; t < br.start! + bid.duration; t++) target[t]! += br.ratio * blockMwAt(bid, t - br.start!);
    } else {
      (res as CurveBidResult).mw.forEach((q, i) => { target[bid.from + i]! += q; });
    }
  }
  return { ai, mining };
}

function publishedSumsFit(b: Book, r: ClearingResult): boolean {
  const { ai, mining } = publishedLoad(b, r);
  return b.intervals.every((iv, t) => ai[t]! + mining[t]! <= iv.surplusMw + PUBLISHED_SUM_TOL
    && r.intervals[t]!.aiMw + r.intervals[t]!.miningMw <= iv.surplusMw + PUBLISHED_SUM_TOL);
}

function checkPublication(b: Book, r: ClearingResult): void {
  const { ai, mining } = publishedLoad(b, r);
  b.intervals.forEach((iv, t) => {
    const out = r.intervals[t]!;
    expect(ai[t]! + mining[t]!).toBeLessThanOrEqual(iv.surplusMw + PUBLISHED_SUM_TOL);
    expect(out.aiMw + out.miningMw).toBeLessThanOrEqual(iv.surplusMw + PUBLISHED_SUM_TOL);
    // the aggregates are the published bids' sums, to the publication precision
    expect(Math.abs(out.aiMw - ai[t]!)).toBeLessThanOrEqual(1.5e-6);
    expect(Math.abs(out.miningMw - mining[t]!)).toBeLessThanOrEqual(1.5e-6);
    expect(Math.abs(out.aiMw + out.miningMw + out.unallocatedMw - iv.surplusMw)).toBeLessThanOrEqual(1.5e-6);
  });
}

describe('publication rounding', () => {
  for (const pricing of ['uniform', 'pay-as-bid'] as const) {
    it(`${pricing}: published allocations never sum above the surplus; still feasible${pricing === 'uniform' ? ' and in equilibrium' : ''}`, async () => {
      await fc.assert(fc.asyncProperty(awkwardBook(pricing), async (b) => {
        const r = await clearBook(b);
        checkPublication(b, r);
        checkFeasible(b, r);
        if (pricing === 'uniform') checkUniformEquilibrium(b, r);
      }), { numRuns: RUNS });
    });
  }

  // Found by the property above (seed -236190389): nearest rounding leaves the published sum one
  // micro-MW under a 0.2 MW surplus, so the recomputed welfare differs by 1e-6 MW × $80 — within
  // what rounding can move it, though more than 1e-6 of a welfare this small.
  it('a tiny surplus shared by tied steps: welfare recomputed within the rounding of each MW', async () => {
    const b = book([[0.2, 20]], [curve('c0', 0, 1, [[176.5, 99.99]]), curve('c1', 0, 1, [[146.814, 99.99], [1, 40]]), curve('c2', 0, 1, [[4.168, 99.99]])]);
    const r = await clearBook(b);
    checkPublication(b, r);
    checkFeasible(b, r);
    checkUniformEquilibrium(b, r);
  });

  // Counterexamples that version 1 (nearest rounding of each number alone) published overfilled.
  it.each([
    { name: 'a partial block filling an interval, its ratio rounded up', intervals: [[145.1, 20], [11, 20]] as [number, number][], bids: [block('k0', 18.188, 1, 1, 1, 20.01, 0.333, 'mining')] },
    { name: 'three tied curves sharing 2 MW, each rounded up to 0.666667', intervals: [[2, 20]] as [number, number][], bids: [
      curve('c0', 0, 1, [[10, 70]]), curve('c1', 0, 1, [[10, 70]]), curve('c2', 0, 1, [[10, 70]], 'ai')] },
  ])('$name: overfilled by version 1, within the surplus now', async ({ intervals, bids }) => {
    for (const pricing of ['uniform', 'pay-as-bid'] as const) {
      const b = book(intervals, bids, pricing);
      const v1: EngineVersion = 'surplus-clearing-engine/1';
      expect(publishedSumsFit(b, await clearBook(b, { engine: v1 }))).toBe(false);
      const r = await clearBook(b);
      checkPublication(b, r);
      checkFeasible(b, r);
    }
  });
});
