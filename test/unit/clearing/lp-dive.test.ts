// Engine 3's LP dive on books of the competitive regime (AI demand 1.5–3× the surplus, the
// Lagrangian path with its gap open): the allocation it leads to is feasible, in equilibrium,
// explained by reasons, deterministic under any bid order, and worth at least engine 2's.
import { describe, expect, it } from 'vitest';
import { clearBook, serializeResult, validateBook } from '../../../lib/clearing';
import { generateBook, type GeneratorOptions } from '../../../bench/book-generator';
import type { Book } from '../../../schemas/book';
import { featureBook } from '../../../bench/featured-book';
import { loadHighs } from '../../../lib/clearing/highs-runtime';
import { buildModel } from '../../../lib/clearing/model';
import { Allocation } from '../../../lib/clearing/allocation';
import { diveForBetter } from '../../../lib/clearing/lp-dive';
import { FullLp } from '../../../lib/clearing/full-lp';
import { FREE, REJECTED } from '../../../lib/clearing/lagrangian';
import { checkFeasible, checkUniformEquilibrium } from './book-fixtures';
import { checkEquilibriumV2, checkReasonsV2 } from './equilibrium-v2';
import { shuffled } from './exhaustive-v2';

const BOOKS: GeneratorOptions[] = [
  { seed: 5, intervals: 96, intervalMinutes: 15, miners: 600, blocks: 120, blockShare: 1.5 },
  { seed: 7, intervals: 96, intervalMinutes: 15, miners: 600, blocks: 120, blockShare: 3 },
  { seed: 6, intervals: 96, intervalMinutes: 15, miners: 600, blocks: 120, blockShare: 3, pricing: 'pay-as-bid' },
];

function valid(json: unknown): Book {
  const v = validateBook(json);
  if (!v.ok) throw new Error(`invalid book: ${v.issues[0]?.path} ${v.issues[0]?.message}`);
  return v.book;
}

describe('LP dive (engine 3) in the competitive regime', () => {
  it.each(BOOKS.map((options, i) => ({ options, i })))('book $i: dives, stays feasible and in equilibrium, finds more welfare than engine 2 under the same bound, same bytes for any bid order', async ({ options }) => {
    const book = valid(generateBook(options));
    const r = await clearBook(book);
    expect(r.stats.method).toBe('lagrangian');
    expect(Number(r.stats.diveLpSolves)).toBeGreaterThan(0);
    checkFeasible(book, r);
    if (book.auction.pricing === 'uniform') checkUniformEquilibrium(book, r);
    checkEquilibriumV2(book, r);
    checkReasonsV2(book, r);
    expect(r.welfare).toBeLessThanOrEqual(r.bound);
    const v2 = await clearBook(book, { engine: 'surplus-clearing-engine/2' });
    expect(r.welfare).toBeGreaterThan(v2.welfare);
    expect(r.bound).toBe(v2.bound); // a dive proves nothing: the bound is the relaxation's
    const again = await clearBook({ ...book, bids: shuffled(book.bids, 17) });
    expect(serializeResult(again)).toBe(serializeResult(r));
  });

  it.each([
    ['an easy book of the relaxation path (gap below 1e-4)', { seed: 5, intervals: 96, intervalMinutes: 15, miners: 600, blocks: 120, blockShare: 0.75 }, false],
    ['a featured book', { seed: 1, intervals: 24, intervalMinutes: 60, miners: 60, blocks: 25, blockShare: 1.5 }, true],
  ] as const)('%s: engine 3 publishes engine 2\'s result, stats.engine aside', async (_, options, featured) => {
    const plain = generateBook(options);
    const book = valid(featured ? featureBook(plain, 1) : plain);
    const [v2, v3] = [await clearBook(book, { engine: 'surplus-clearing-engine/2' }), await clearBook(book)];
    expect(v3.stats.dives).toBeUndefined();
    const { engine: e2, ...stats2 } = v2.stats;
    const { engine: e3, ...stats3 } = v3.stats;
    expect([e2, e3]).toEqual(['surplus-clearing-engine/2', 'surplus-clearing-engine/3']);
    expect(serializeResult({ ...v3, stats: stats3 })).toBe(serializeResult({ ...v2, stats: stats2 }));
  });

  it('a deadline already past stops the dives and says so (the result is then marked time-limit)', async () => {
    const book = valid(generateBook(BOOKS[0]!));
    const m = buildModel(book);
    const incumbent = new Allocation(m);
    const out = await diveForBetter(await loadHighs(), m, { columns: [], lpRatio: new Float64Array(0) }, incumbent, 1e12, 1e-4, performance.now() - 1, async () => undefined);
    expect(out).toMatchObject({ timedOut: true, dives: 0 });
    expect(out.alloc).toBe(incumbent);
  });

  it('an LP solved many times still gets its whole time limit on each solve (HiGHS counts run time per model)', async () => {
    const m = buildModel(valid(generateBook(BOOKS[0]!)));
    const lp = new FullLp(await loadHighs(), m);
    try {
      const started = performance.now();
      // Re-solves that pivot (blocks rejected and freed in turn) until the model's summed run time
      // passes the limit the last solve is given.
      for (let b = 0; performance.now() - started < 3_000; b = (b + 1) % m.blocks.length) {
        lp.setDomain(b, REJECTED);
        expect(lp.solve(60, 1e6).ok).toBe(true);
        lp.setDomain(b, FREE);
      }
      expect(lp.solve(0.5, 1e6)).toMatchObject({ ok: true, timeLimit: false });
    } finally {
      lp.dispose();
    }
  });
});
