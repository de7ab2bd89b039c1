// Property tests on random tiny books (fast-check): feasibility, welfare ≤ bound, exact optimum
// against exhaustive search, uniform-price equilibrium, determinism under reordering.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clearBook, serializeResult } from '../../../lib/clearing';
import type { BlockBid, Book, BookBid, CurveBid } from '../../../schemas/book';
import { block, book, checkFeasible, checkUniformEquilibrium, curve } from './book-fixtures';
import { blockMwAt } from '../../../schemas/block-shape';
import { shuffled } from './exhaustive-v2';

/** FC_RUNS=1000 for a deeper local run; the suite stays fast by default. */
const RUNS = Number(process.env.FC_RUNS ?? 60);

interface TinyOptions { maxT: number; maxBlocks: number; mar: number[]; maxWindow: number }

function tinyBook(o: TinyOptions, pricing: 'uniform' | 'pay-as-bid'): fc.Arbitrary<Book> {
  return fc.integer({ min: 1, max: o.maxT }).chain((T) => {
    const interval = fc.tuple(fc.integer({ min: 0, max: 12 }).map((x) => x * 10), fc.integer({ min: 0, max: 6 }).map((x) => x * 10));
    const step = fc.tuple(fc.integer({ min: 1, max: 6 }).map((x) => x * 10), fc.integer({ min: 0, max: 12 }).map((x) => x * 10));
    const curveArb = fc.tuple(fc.integer({ min: 0, max: T - 1 }), fc.integer({ min: 1, max: T }), fc.array(step, { minLength: 1, maxLength: 3 }), fc.boolean());
    const blockArb = fc.tuple(
      fc.integer({ min: 1, max: 8 }).map((x) => x * 10), fc.integer({ min: 1, max: T }), fc.nat(), fc.integer({ min: 0, max: o.maxWindow }),
      fc.integer({ min: 0, max: 16 }).map((x) => x * 10), fc.constantFrom(...o.mar), fc.boolean(),
    );
    return fc.tuple(fc.array(interval, { minLength: T, maxLength: T }), fc.array(curveArb, { maxLength: 4 }), fc.array(blockArb, { maxLength: o.maxBlocks }))
      .map(([ivs, curves, blocks]) => {
        const bids: BookBid[] = [];
        curves.forEach(([from, len, steps, ai], i) => {
          const to = Math.min(T, from + len);
          bids.push(curve(`c${i}`, from, to, steps as [number, number][], ai ? 'ai' : 'mining'));
        });
        blocks.forEach(([mw, duration, es, window, price, mar, ai], i) => {
          const last = T - duration;
          const e = es % (last + 1);
          bids.push(block(`k${i}`, mw, duration, e, Math.min(last, e + window), price, mar, ai ? 'ai' : 'mining'));
        });
        return book(ivs as [number, number][], bids, pricing);
      });
  });
}

/** Exhaustive optimum for books whose blocks all have MAR 1 (ratio 0 or 1). */
function exhaustive(b: Book): number {
  const T = b.intervals.length;
  const blocks = b.bids.filter((x): x is BlockBid => x.type === 'block');
  const curves = b.bids.filter((x): x is CurveBid => x.type === 'curve');
  let best = 0;
  const load = new Array<number>(T).fill(0);
  const curveWelfare = () => {
    let w = 0;
    for (let t = 0; t < T; t++) {
      const r = b.intervals[t]!.reservePrice;
      let cap = b.intervals[t]!.surplusMw - load[t]!;
      const steps = curves.filter((c) => c.from <= t && t < c.to).flatMap((c) => c.steps).filter((s) => s.price >= r).sort((x, y) => y.price - x.price);
      for (const s of steps) { const q = Math.min(cap, s.mw); w += q * (s.price - r); cap -= q; }
    }
    return w;
  };
  const go = (i: number, acc: number) => {
    if (i === blocks.length) { best = Math.max(best, acc + curveWelfare()); return; }
    go(i + 1, acc);
    const k = blocks[i]!;
    for (let s = k.earliestStart; s <= k.latestStart; s++) {
      let fits = true;
      let v = 0;
      for (let t = s; t < s + k.duration; t++) { if (load[t]! + blockMwAt(k, t - s) > b.intervals[t]!.surplusMw) fits = false; v += blockMwAt(k, t - s) * (k.price - b.intervals[t]!.reservePrice); }
      if (!fits) continue;
      for (let t = s; t < s + k.duration; t++) load[t]! += blockMwAt(k, t - s);
      go(i + 1, acc + v);
      for (let t = s; t < s + k.duration; t++) load[t]! -= blockMwAt(k, t - s);
    }
  };
  go(0, 0);
  return best;
}

describe('clearing properties on random tiny books', () => {
  it('pay-as-bid with firm blocks: feasible and exactly the exhaustive optimum, proven', async () => {
    await fc.assert(fc.asyncProperty(tinyBook({ maxT: 6, maxBlocks: 6, mar: [1], maxWindow: 2 }, 'pay-as-bid'), async (b) => {
      const r = await clearBook(b);
      const w = checkFeasible(b, r);
      const opt = exhaustive(b);
      expect(Math.abs(w - opt)).toBeLessThanOrEqual(1e-6 * Math.max(1, opt));
      expect(Math.abs(r.welfare - opt)).toBeLessThanOrEqual(1e-6 * Math.max(1, opt));
      expect(r.optimal).toBe(true);
    }), { numRuns: RUNS });
  });

  it('uniform pricing with mixed MAR: feasible, welfare ≤ bound, equilibrium conditions, no paradoxically accepted block', async () => {
    await fc.assert(fc.asyncProperty(tinyBook({ maxT: 6, maxBlocks: 5, mar: [1, 0.5, 0.25], maxWindow: 3 }, 'uniform'), async (b) => {
      const r = await clearBook(b);
      checkFeasible(b, r);
      checkUniformEquilibrium(b, r);
    }), { numRuns: RUNS });
  });

  it('the same book in any bid order gives byte-identical results', async () => {
    await fc.assert(fc.asyncProperty(tinyBook({ maxT: 6, maxBlocks: 5, mar: [1, 0.5, 0.25], maxWindow: 3 }, 'uniform'), fc.integer(), async (b, seed) => {
      const a = serializeResult(await clearBook(b));
      const c = serializeResult(await clearBook({ ...b, bids: shuffled(b.bids, seed) }));
      expect(c).toBe(a);
    }), { numRuns: Math.ceil(RUNS / 2) });
  });
});
