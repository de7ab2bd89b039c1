// The exact search pieces on their own: the node bound (restricted Lagrangian), the branch-and-bound
// against exhaustive search and against HiGHS' MIP, and the local search's exchange moves.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Allocation } from '../../../lib/clearing/allocation';
import { branchAndBound } from '../../../lib/clearing/branch-and-bound';
import { FullLp } from '../../../lib/clearing/full-lp';
import { loadHighs } from '../../../lib/clearing/highs-runtime';
import { FREE, lagrangianBound, REJECTED, restrictedBound } from '../../../lib/clearing/lagrangian';
import { solveMaster, type BlockColumn } from '../../../lib/clearing/master';
import { buildModel, type ClearingModel } from '../../../lib/clearing/model';
import { exchangePass, type PrimalStats } from '../../../lib/clearing/primal';
import type { Book, BookBid } from '../../../schemas/book';
import { block, book, curve } from './book-fixtures';

const RUNS = Number(process.env.FC_RUNS ?? 40);

function tinyBook(mar: number[]): fc.Arbitrary<Book> {
  return fc.integer({ min: 1, max: 6 }).chain((T) => {
    const interval = fc.tuple(fc.integer({ min: 1, max: 12 }).map((x) => x * 10), fc.integer({ min: 0, max: 6 }).map((x) => x * 10));
    const step = fc.tuple(fc.integer({ min: 1, max: 6 }).map((x) => x * 10), fc.integer({ min: 0, max: 12 }).map((x) => x * 10));
    const curveArb = fc.tuple(fc.integer({ min: 0, max: T - 1 }), fc.integer({ min: 1, max: T }), fc.array(step, { minLength: 1, maxLength: 3 }));
    const blockArb = fc.tuple(
      fc.integer({ min: 1, max: 8 }).map((x) => x * 10), fc.integer({ min: 1, max: T }), fc.nat(), fc.integer({ min: 0, max: 3 }),
      fc.integer({ min: 0, max: 16 }).map((x) => x * 10), fc.constantFrom(...mar),
    );
    return fc.tuple(fc.array(interval, { minLength: T, maxLength: T }), fc.array(curveArb, { maxLength: 4 }), fc.array(blockArb, { minLength: 1, maxLength: 8 }))
      .map(([ivs, curves, blocks]) => {
        const bids: BookBid[] = [];
        curves.forEach(([from, len, steps], i) => bids.push(curve(`c${i}`, from, Math.min(T, from + len), steps as [number, number][])));
        blocks.forEach(([mw, duration, es, window, price, m], i) => {
          const last = T - duration;
          const e = es % (last + 1);
          bids.push(block(`k${i}`, mw, duration, e, Math.min(last, e + window), price, m));
        });
        return book(ivs as [number, number][], bids);
      });
  });
}

/** Every block decision set with ratio 1 (MAR-1 books): the best welfare, exactly. */
function exhaustive(m: ClearingModel): number {
  const a = new Allocation(m);
  let best = a.welfare();
  const go = (b: number) => {
    if (b === m.blocks.length) { best = Math.max(best, a.welfare()); return; }
    go(b + 1);
    const blk = m.blocks[b]!;
    for (let s = blk.earliestStart; s <= blk.latestStart; s++) {
      if (a.room(b, s) < 1) continue;
      a.set(b, s, 1);
      go(b + 1);
      a.set(b, s, 0);
    }
  };
  go(0);
  return best;
}

function expectFeasible(m: ClearingModel, a: Allocation): void {
  const load = new Float64Array(m.T);
  m.blocks.forEach((blk, b) => {
    const s = a.start[b]!;
    if (s < 0) return;
    expect(s).toBeGreaterThanOrEqual(blk.earliestStart);
    expect(s).toBeLessThanOrEqual(blk.latestStart);
    expect(a.ratio[b]!).toBeGreaterThanOrEqual(blk.mar - 1e-12);
    expect(a.ratio[b]!).toBeLessThanOrEqual(1);
    for (let t = s; t < s + blk.duration; t++) load[t]! += a.ratio[b]! * blk.mw;
  });
  for (let t = 0; t < m.T; t++) expect(load[t]!).toBeLessThanOrEqual(m.surplus[t]! + 1e-9);
}

async function solveExact(m: ClearingModel) {
  const highs = await loadHighs();
  const lp = new FullLp(highs, m);
  try {
    const root = lp.solve(10, 100_000);
    const bound = lagrangianBound(m, root.mu);
    return branchAndBound(lp, m, new Allocation(m), root.mu, bound, { deadline: performance.now() + 10_000, maxNodes: 10_000, maxLpSolves: 10_000, maxIterations: 1_000_000 });
  } finally {
    lp.dispose();
  }
}

describe('restricted Lagrangian bound', () => {
  it('is ≥ the welfare of every allocation respecting the node, for any μ ≥ 0', () => {
    fc.assert(fc.property(tinyBook([1]), fc.array(fc.double({ min: 0, max: 200, noNaN: true }), { minLength: 6, maxLength: 6 }), fc.nat(), (bk, muRaw, pick) => {
      const m = buildModel(bk);
      const mu = Float64Array.from({ length: m.T }, (_, t) => muRaw[t]!);
      // node: the first block fixed to one of its options (rejected or a start), the rest free
      const blk = m.blocks[0]!;
      const options = [REJECTED];
      for (let s = blk.earliestStart; s <= blk.latestStart; s++) options.push(s);
      const dom = new Int32Array(m.blocks.length).fill(FREE);
      dom[0] = options[pick % options.length]!;
      const bound = restrictedBound(m, mu, dom);
      // best allocation in the node, exhaustively
      const a = new Allocation(m);
      let best = -Infinity;
      const go = (b: number) => {
        if (b === m.blocks.length) { best = Math.max(best, a.welfare()); return; }
        const k = m.blocks[b]!;
        if (dom[b] === FREE || dom[b] === REJECTED) go(b + 1);
        for (let s = k.earliestStart; s <= k.latestStart; s++) {
          if (dom[b] !== FREE && dom[b] !== s) continue;
          if (a.room(b, s) < 1) continue;
          a.set(b, s, 1); go(b + 1); a.set(b, s, 0);
        }
      };
      go(0);
      if (best > -Infinity) expect(bound).toBeGreaterThanOrEqual(best - 1e-6 * Math.max(1, Math.abs(best)));
      expect(restrictedBound(m, mu, new Int32Array(m.blocks.length).fill(FREE))).toBeCloseTo(lagrangianBound(m, mu), 6);
    }), { numRuns: RUNS * 3 });
  });
});

describe('branch-and-bound', () => {
  it('finds the exhaustive optimum of MAR-1 books and proves it (bound = welfare within 1e-9)', async () => {
    await fc.assert(fc.asyncProperty(tinyBook([1]), async (bk) => {
      const m = buildModel(bk);
      const bb = await solveExact(m);
      expectFeasible(m, bb.alloc);
      const w = bb.alloc.welfare();
      expect(bb.complete).toBe(true);
      expect(w).toBeCloseTo(exhaustive(m), 6);
      expect(bb.bound).toBeGreaterThanOrEqual(w);
      expect(bb.bound - w).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(bb.bound)));
    }), { numRuns: RUNS });
  });

  it('with MAR < 1 blocks: feasible, welfare ≤ bound, and as good as HiGHS\' MIP (1e-6)', async () => {
    const highs = await loadHighs();
    await fc.assert(fc.asyncProperty(tinyBook([1, 0.5, 0.25]), async (bk) => {
      const m = buildModel(bk);
      const bb = await solveExact(m);
      expectFeasible(m, bb.alloc);
      const w = bb.alloc.welfare();
      expect(bb.bound).toBeGreaterThanOrEqual(w);
      const cols: BlockColumn[] = [];
      m.blocks.forEach((blk, i) => { for (let s = blk.earliestStart; s <= blk.latestStart; s++) cols.push({ block: i, start: s }); });
      const mip = solveMaster(highs, m, cols, { integer: true, timeLimitS: 10 });
      const tol = 1e-6 * Math.max(1, Math.abs(mip.objective));
      expect(w).toBeGreaterThanOrEqual(mip.objective - tol);
      expect(bb.bound).toBeGreaterThanOrEqual(mip.objective - tol);
    }), { numRuns: RUNS });
  });

  it('is deterministic', async () => {
    await fc.assert(fc.asyncProperty(tinyBook([1, 0.5]), async (bk) => {
      const m = buildModel(bk);
      const [x, y] = [await solveExact(m), await solveExact(m)];
      expect(Array.from(y.alloc.start)).toEqual(Array.from(x.alloc.start));
      expect(Array.from(y.alloc.ratio)).toEqual(Array.from(x.alloc.ratio));
      expect([y.bound, y.nodes, y.lpSolves]).toEqual([x.bound, x.nodes, x.lpSolves]);
    }), { numRuns: Math.ceil(RUNS / 2) });
  });
});

describe('exchange moves', () => {
  const stats = (): PrimalStats => ({ moves: 0, evaluations: 0, passes: 0 });

  it('swap a block for a better one that single-block moves cannot reach', () => {
    // One 100 MW interval pair; A (1 h, $100) blocks B (2 h, $90/h: worth more in total).
    const m = buildModel(book([[100, 10], [100, 10]], [block('A', 100, 1, 0, 0, 100), block('B', 100, 2, 0, 0, 90)]));
    const a = new Allocation(m);
    a.set(0, 0, 1);
    const before = a.welfare();
    expect(exchangePass(a, stats(), m, 1_000)).toBe(true);
    expect(a.start[0]).toBe(-1);
    expect(a.start[1]).toBe(0);
    expect(a.welfare()).toBeGreaterThan(before);
    expectFeasible(m, a);
  });

  it('rebalances a MAR < 1 block to make room for another', () => {
    // A (MAR 0.25) takes all 100 MW; B (50 MW, MAR 1, pays more) fits once A shrinks to 0.5.
    const m = buildModel(book([[100, 0]], [block('A', 100, 1, 0, 0, 50, 0.25), block('B', 50, 1, 0, 0, 80)]));
    const a = new Allocation(m);
    a.set(0, 0, 1);
    expect(exchangePass(a, stats(), m, 1_000)).toBe(true);
    expect(a.start[1]).toBe(0);
    expect(a.ratio[1]).toBe(1);
    expect(a.ratio[0]).toBeCloseTo(0.5, 9);
    expect(a.welfare()).toBeCloseTo(50 * 50 + 50 * 80, 6);
  });

  it('never lowers welfare, keeps feasibility, is deterministic', () => {
    fc.assert(fc.property(tinyBook([1, 0.5, 0.25]), fc.array(fc.nat(), { minLength: 8, maxLength: 8 }), (bk, picks) => {
      const m = buildModel(bk);
      const start = new Allocation(m);
      m.blocks.forEach((blk, b) => {
        const s = blk.earliestStart + (picks[b]! % (blk.latestStart - blk.earliestStart + 1));
        const r = start.room(b, s);
        if (picks[b]! % 3 !== 0 && r >= blk.mar) start.set(b, s, r);
      });
      const x = start.clone();
      const y = start.clone();
      exchangePass(x, stats(), m, 10_000);
      exchangePass(y, stats(), m, 10_000);
      expect(x.welfare()).toBeGreaterThanOrEqual(start.welfare() - 1e-9 * Math.max(1, Math.abs(start.welfare())));
      expectFeasible(m, x);
      expect(Array.from(y.start)).toEqual(Array.from(x.start));
      expect(Array.from(y.ratio)).toEqual(Array.from(x.ratio));
    }), { numRuns: RUNS * 2 });
  });
});
