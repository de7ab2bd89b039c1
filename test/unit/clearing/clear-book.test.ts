import { describe, expect, it } from 'vitest';
import { clearBook, serializeResult } from '../../../lib/clearing';
import type { BlockBidResult, CurveBidResult } from '../../../schemas/result';
import { ResultSchema } from '../../../schemas/result';
import { generateBook } from '../../../bench/book-generator';
import { block, book, checkFeasible, checkUniformEquilibrium, curve } from './book-fixtures';

const bidResult = <T>(r: { bids: unknown[] }, id: string) => (r.bids as { id: string }[]).find((b) => b.id === id) as T;

describe('clearBook: hand-written cases', () => {
  it('clears an empty book: nothing sold, prices at the reserve, proven optimal', async () => {
    const b = book([[100, 30], [50, 31]], []);
    const r = await clearBook(b);
    expect(ResultSchema.parse(r)).toEqual(r);
    expect(r.intervals).toEqual([
      { price: 30, aiMw: 0, miningMw: 0, unallocatedMw: 100 },
      { price: 31, aiMw: 0, miningMw: 0, unallocatedMw: 50 },
    ]);
    expect(r).toMatchObject({ welfare: 0, bound: 0, optimal: true, bids: [], paradoxicallyRejected: [] });
    expect(r.inputDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(r.stats.solveMs).toBeUndefined();
  });

  it('sells nothing when the surplus is zero', async () => {
    const b = book([[0, 30], [0, 30]], [curve('c', 0, 2, [[10, 80]]), block('k', 5, 1, 0, 1, 200)]);
    const r = await clearBook(b);
    checkFeasible(b, r);
    checkUniformEquilibrium(b, r);
    expect(r.bids).toEqual([{ id: 'c', accepted: false, mw: [], reason: 'marginal' }, { id: 'k', accepted: false, ratio: 0, reason: 'paradoxically-rejected', foregone: 600, bestStart: 0 }]);
    expect(r).toMatchObject({ welfare: 0, bound: 0, optimal: true });
  });

  it('accepts nothing priced below the reserve', async () => {
    const b = book([[100, 50], [100, 60]], [curve('c', 0, 2, [[10, 49], [5, 20]]), block('k', 5, 2, 0, 0, 54)]);
    const r = await clearBook(b);
    checkFeasible(b, r);
    checkUniformEquilibrium(b, r);
    expect(r.welfare).toBe(0);
    expect(r.intervals.map((i) => i.price)).toEqual([50, 60]);
    expect(bidResult<BlockBidResult>(r, 'k').accepted).toBe(false);
    expect(bidResult<CurveBidResult>(r, 'c').mw).toEqual([]);
  });

  it('rejects a firm block bigger than the surplus and gives the power to the curves', async () => {
    const b = book([[100, 30], [100, 30]], [block('big', 150, 2, 0, 0, 300), curve('c', 0, 2, [[60, 50]])]);
    const r = await clearBook(b);
    checkFeasible(b, r);
    checkUniformEquilibrium(b, r);
    expect(bidResult<BlockBidResult>(r, 'big')).toEqual({ id: 'big', accepted: false, ratio: 0, reason: 'paradoxically-rejected', foregone: 81000, bestStart: 0 });
    expect(bidResult<CurveBidResult>(r, 'c').mw).toEqual([60, 60]);
    expect(r.optimal).toBe(true);
  });

  it('accepts a MAR 0.5 block partly, at the ratio that fills the surplus', async () => {
    const b = book([[100, 30], [100, 30]], [block('half', 150, 2, 0, 0, 100, 0.5), curve('c', 0, 2, [[50, 40]])]);
    const r = await clearBook(b);
    checkFeasible(b, r);
    const k = bidResult<BlockBidResult>(r, 'half');
    expect(k.accepted).toBe(true);
    expect(k.start).toBe(0);
    // 2/3 to 9 decimals, rounded down: 0.666666667 × 150 MW would publish more than the 100 MW surplus
    expect(k.ratio).toBe(0.666666666);
    expect(r.welfare).toBeCloseTo(100 * 2 * 70, 6);
    expect(r.optimal).toBe(true);
  });

  it('places a flexible block late in its window when it only fits there', async () => {
    const b = book([[20, 30], [20, 30], [20, 30], [100, 30], [100, 30], [100, 30]], [block('flex', 80, 2, 0, 4, 90)]);
    const r = await clearBook(b);
    checkFeasible(b, r);
    checkUniformEquilibrium(b, r);
    const k = bidResult<BlockBidResult>(r, 'flex');
    expect(k).toEqual({ id: 'flex', accepted: true, start: 3, ratio: 1 });
    expect(r.optimal).toBe(true);
  });

  it('shares the marginal price pro rata between tied steps', async () => {
    const b = book([[90, 10]], [curve('a', 0, 1, [[40, 50], [60, 20]]), curve('b', 0, 1, [[30, 20]]), curve('c', 0, 1, [[10, 15]])]);
    const r = await clearBook(b);
    checkFeasible(b, r);
    checkUniformEquilibrium(b, r);
    // 50 MW left for the 90 MW tied at $20: each gets 5/9 of its step
    expect(bidResult<CurveBidResult>(r, 'a').mw[0]).toBeCloseTo(40 + (60 * 50) / 90, 6);
    expect(bidResult<CurveBidResult>(r, 'b').mw[0]).toBeCloseTo((30 * 50) / 90, 6);
    expect(bidResult<CurveBidResult>(r, 'c').accepted).toBe(false);
    expect(r.intervals[0]!.price).toBe(20);
  });

  it('removes a paradoxically accepted block under uniform pricing and lists it as paradoxically rejected only if it would gain', async () => {
    // The block is welfare-optimal (it beats the curve over both hours) but the price of hour 0,
    // set by the $100 curve it displaces, makes it lose money.
    const b = book([[10, 0], [10, 0]], [block('k', 10, 2, 0, 0, 60), curve('c', 0, 1, [[10, 100]]), curve('d', 1, 2, [[5, 30]])]);
    const pab = await clearBook({ ...b, auction: { ...b.auction, pricing: 'pay-as-bid' } });
    expect(bidResult<BlockBidResult>(pab, 'k').accepted).toBe(true);
    const r = await clearBook(b);
    checkFeasible(b, r);
    checkUniformEquilibrium(b, r);
    expect(bidResult<BlockBidResult>(r, 'k').accepted).toBe(false);
    expect(r.stats.paradoxicallyAcceptedRemoved).toBe(1);
    expect(r.welfare).toBeLessThan(pab.welfare);
    expect(r.welfare).toBeLessThanOrEqual(r.bound);
  });

  it('awaits the checkpoint between its phases without changing the result; a throw there aborts the solve', async () => {
    const b = generateBook({ seed: 4, intervals: 24, intervalMinutes: 60, miners: 40, blocks: 12 });
    let calls = 0;
    const plain = serializeResult(await clearBook(b));
    expect(serializeResult(await clearBook(b, { checkpoint: async () => { calls++; } }))).toBe(plain);
    expect(calls).toBeGreaterThanOrEqual(4);
    await expect(clearBook(b, { checkpoint: async () => { throw new Error('lease lost'); } })).rejects.toThrow('lease lost');
  });

  it('reports wall-clock time only when timings are asked for', async () => {
    const b = book([[100, 30]], [block('k', 10, 1, 0, 0, 90)]);
    expect((await clearBook(b, { timings: true })).stats.solveMs).toBeGreaterThanOrEqual(0);
    expect((await clearBook(b)).stats.solveMs).toBeUndefined();
  });

  it('splits the allocation per class, whatever the bid type', async () => {
    const b = book([[100, 10]], [curve('ai-curve', 0, 1, [[30, 50]], 'ai'), block('mining-block', 20, 1, 0, 0, 60, 1, 'mining')]);
    const r = await clearBook(b);
    expect(r.intervals[0]).toMatchObject({ aiMw: 30, miningMw: 20, unallocatedMw: 50, price: 10 });
  });

  it('returns a feasible allocation with an honest bound when the time limit stops it', async () => {
    const b = generateBook({ seed: 7, intervals: 24, intervalMinutes: 60, miners: 40, blocks: 30 });
    const r = await clearBook(b, { timeLimitMs: 0.001 });
    expect(r.stats.stoppedBy).toBe('time-limit');
    checkFeasible(b, r);
    checkUniformEquilibrium(b, r);
    const full = await clearBook(b);
    expect(full.stats.stoppedBy).not.toBe('time-limit');
    expect(r.welfare).toBeLessThanOrEqual(full.bound + 1e-6);
    expect(full.welfare).toBeLessThanOrEqual(r.bound + 1e-6);
  });
});
