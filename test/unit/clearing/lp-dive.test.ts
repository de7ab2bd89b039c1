// Engine 3's LP dive on books of the competitive regime (AI demand 1.5–3× the surplus, the
// Lagrangian path with its gap open): the allocation it leads to is feasible, in equilibrium,
// explained by reasons, deterministic under any bid order, and worth at least engine 2's.
import { describe, expect, it } from 'vitest';
import { clearBook, serializeResult, validateBook } from '../../../lib/clearing';
import { generateBook, type GeneratorOptions } from '../../../bench/book-generator';
import type { Book } from '../../../schemas/book';
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
  it.each(BOOKS.map((options, i) => ({ options, i })))('book $i: dives, stays feasible and in equilibrium, beats engine 2, same bytes for any bid order', async ({ options }) => {
    const book = valid(generateBook(options));
    const r = await clearBook(book);
    expect(r.stats.method).toBe('lagrangian');
    expect(Number(r.stats.diveLpSolves)).toBeGreaterThan(0);
    checkFeasible(book, r);
    if (book.auction.pricing === 'uniform') checkUniformEquilibrium(book, r);
    checkEquilibriumV2(book, r);
    checkReasonsV2(book, r);
    expect(r.welfare).toBeLessThanOrEqual(r.bound);
    expect(r.optimal).toBe(false); // a dive proves nothing: the gap stays published
    const v2 = await clearBook(book, { engine: 'surplus-clearing-engine/2' });
    expect(r.welfare).toBeGreaterThanOrEqual(v2.welfare);
    const again = await clearBook({ ...book, bids: shuffled(book.bids, 17) });
    expect(serializeResult(again)).toBe(serializeResult(r));
  });
});
