// Hashprice-indexed curve steps (SPEC §1, §2 `no-index`): the price formula, the book's derived
// price checked on validation, the same clearing as a plain step at that price, `stepPrices` in
// the result, and a step whose index was never set left out with reason `no-index`.
import { describe, expect, it } from 'vitest';
import { clearBook, serializeResult, validateBook } from '../../../lib/clearing';
import { indexedPrice } from '../../../lib/clearing/indexed-price';
import type { Book, CurveBid } from '../../../schemas/book';
import type { CurveBidResult } from '../../../schemas/result';
import { block, book, checkFeasible, curve } from './book-fixtures';

const HASHPRICE = { hashprice: { value: 50, asOf: '2026-11-30T22:00:00Z', source: 'test' } };
const S21 = { name: 'hashprice' as const, jPerTh: 17.5, share: 0.9 };

/** Scarce: 100 MW against 160 MW of demand, so prices and who is cut depend on every step price. */
function market(indexed: boolean, indices: Book['indices']): Book {
  const price = indexedPrice(S21, indices) ?? 0;
  const miner: CurveBid = { ...curve('m-indexed', 0, 4, [[40, 0], [20, 60]]), bidder: 'miner-x' };
  miner.steps[0] = indexed ? { mw: 40, price, index: S21 } : { mw: 40, price };
  const b = book([[100, 30], [100, 30], [100, 30], [100, 30]], [miner, curve('m-plain', 0, 4, [[50, 80], [30, 45]]), block('ai-1', 20, 2, 0, 2, 120)]);
  return indices ? { ...b, indices } : b;
}

const curveResult = (r: { bids: unknown[] }, id: string) => r.bids.find((b) => (b as { id: string }).id === id) as CurveBidResult;

describe('indexed curve steps', () => {
  it('prices a step at share × hashprice / (0.024 × J/TH), to 1e-6', () => {
    expect(indexedPrice(S21, HASHPRICE)).toBe(107.142857);
    expect(indexedPrice({ ...S21, share: 1, jPerTh: 25 }, { hashprice: { ...HASHPRICE.hashprice, value: 60 } })).toBe(100);
    expect(indexedPrice(S21, undefined)).toBeUndefined();
    // Capped at the book's price ceiling: no index value can make the book invalid.
    expect(indexedPrice({ name: 'hashprice', jPerTh: 1, share: 10 }, { hashprice: { ...HASHPRICE.hashprice, value: 10_000_000 } })).toBe(1_000_000);
  });

  it('clears exactly as a plain step at the index price, and reports the effective prices', async () => {
    const indexed = validateBook(market(true, HASHPRICE));
    const plain = validateBook(market(false, HASHPRICE));
    if (!indexed.ok || !plain.ok) throw new Error('fixture invalid');
    const a = await clearBook(indexed.book);
    const b = await clearBook(plain.book);
    expect(a.intervals).toEqual(b.intervals);
    expect(curveResult(a, 'm-indexed').mw).toEqual(curveResult(b, 'm-indexed').mw);
    expect(a.welfare).toBe(b.welfare);
    expect(curveResult(a, 'm-indexed').stepPrices).toEqual([107.142857, 60]);
    expect(curveResult(b, 'm-indexed').stepPrices).toBeUndefined();
    expect(curveResult(a, 'm-plain').stepPrices).toBeUndefined();
    checkFeasible(indexed.book, a);
  });

  it('the same indexed step at two hashprice values: accepted at 50, priced out at 25 (its effective price halves)', async () => {
    const low = { hashprice: { ...HASHPRICE.hashprice, value: 25 } };
    const hi = validateBook(market(true, HASHPRICE));
    const lo = validateBook(market(true, low));
    if (!hi.ok || !lo.ok) throw new Error('fixture invalid');
    const a = await clearBook(hi.book);
    const b = await clearBook(lo.book);
    expect(curveResult(a, 'm-indexed').stepPrices).toEqual([107.142857, 60]);
    expect(curveResult(b, 'm-indexed').stepPrices).toEqual([53.571429, 60]);
    // at 50 the 40 MW indexed step (107/MWh) is above the price: fully accepted in every interval
    expect(curveResult(a, 'm-indexed').mw.every((q) => q >= 40)).toBe(true);
    // at 25 it bids 53.57 against m-plain's 80 and 45 and the AI block: the scarce 100 MW leave it short
    expect(curveResult(b, 'm-indexed').mw.some((q) => q < 40)).toBe(true);
    expect(curveResult(b, 'm-indexed').reason).toBeDefined();
    expect(b.welfare).toBeLessThan(a.welfare);
    checkFeasible(hi.book, a);
    checkFeasible(lo.book, b);
  });

  it('refuses a book whose indexed price is not the index price, with the field path', () => {
    const wrong = market(true, HASHPRICE);
    (wrong.bids[0] as CurveBid).steps[0]!.price = 100;
    const v = validateBook(wrong);
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.issues).toContainEqual({ path: 'bids[0].steps[0].price', message: 'must be 107.142857 (share × hashprice / (0.024 × jPerTh))' });
    const missing = market(true, undefined);
    (missing.bids[0] as CurveBid).steps[0]!.price = 5;
    const w = validateBook(missing);
    expect(w.ok).toBe(false);
    if (!w.ok) expect(w.issues[0]).toMatchObject({ path: 'bids[0].steps[0].price', message: 'must be 0 (the book has no hashprice value)' });
  });

  it('never guesses: without an index value the step is left out, the bid says no-index, the rest clears', async () => {
    const v = validateBook(market(true, undefined));
    if (!v.ok) throw new Error(JSON.stringify(v.issues));
    const r = await clearBook(v.book);
    const miner = curveResult(r, 'm-indexed');
    // Only its plain 20 MW step can be allocated; the 40 MW indexed step gets nothing.
    for (const mw of miner.mw) expect(mw).toBeLessThanOrEqual(20 + 1e-9);
    expect(miner.reason).toBe('no-index');
    expect(miner.stepPrices).toBeUndefined();
    checkFeasible(v.book, r);
    // A curve whose every step is indexed asks for nothing.
    const only = market(true, undefined);
    (only.bids[0] as CurveBid).steps = [{ mw: 40, price: 0, index: S21 }];
    const v2 = validateBook(only);
    if (!v2.ok) throw new Error(JSON.stringify(v2.issues));
    const r2 = await clearBook(v2.book);
    expect(curveResult(r2, 'm-indexed')).toMatchObject({ accepted: false, mw: [], reason: 'no-index' });
    expect(serializeResult(await clearBook(v2.book))).toBe(serializeResult(r2));
  });
});
