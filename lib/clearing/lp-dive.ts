// LP-guided diving (engine 3), for books whose block decisions the relaxation leaves far from
// integral — the oversubscribed regime. One LP over a coarse curve model and the candidate block
// starts; at each step the fractional blocks the LP holds most of (at their strongest start) are
// fixed there with a ratio in [MAR, 1], and the LP is solved again (bounds only change, so the
// dual simplex warm-starts), until no block is fractional (or a budget ends the dive). The last
// LP's duals and ratios then guide the primal heuristic (construction and local search, evaluated
// exactly). A heuristic only: nothing here is a bound.
import type { Highs } from 'highs';
import { allStarts, FullLp, type FullLpSolve } from './full-lp';
import { coarseModel } from './featured-lp';
import { FREE, REJECTED } from './lagrangian';
import type { BlockColumn } from './master';
import type { ClearingModel } from './model';
import type { Allocation } from './allocation';
import { buildPrimal } from './primal';

/**
 * How a dive goes: curve levels per interval in its LP (a guide: the allocation is evaluated
 * exactly), the share of the fractional blocks fixed per step (at least one), and the starts it may
 * use — those the relaxation generated plus the incumbent's, or every start of each block the
 * relaxation or the incumbent uses.
 */
export interface DiveShape { levels: number; batch: number; starts: 'relaxation' | 'in-play' }
/**
 * Dives differ in which good allocation they reach, and none was best on every competitive
 * benchmark book (docs/benchmarks.md), so books whose LP stays small get three in sequence, each
 * guided by the best allocation so far (its starts join the LP); larger books one quick dive.
 */
export const SMALL_BOOK_DIVES: readonly DiveShape[] = [
  { levels: 24, batch: 0.25, starts: 'in-play' },
  { levels: 12, batch: 0.5, starts: 'relaxation' },
  { levels: 24, batch: 0.1, starts: 'in-play' },
];
export const LARGE_BOOK_DIVES: readonly DiveShape[] = [{ levels: 12, batch: 0.5, starts: 'relaxation' }];
/** Block columns (every start of the blocks in play) up to which a book counts as small. */
export const SMALL_BOOK_MAX_COLUMNS = 6_000;
/**
 * Books with more blocks get no dive: a simplex iteration there costs ~1 ms (the relaxation's
 * budget shrinks above the same size, column-generation.ts), and their gap target is looser.
 */
export const DIVE_MAX_BLOCKS = 5_000;
/** Deterministic budgets of one dive: LP solves and simplex iterations. */
export const DIVE_MAX_LP_SOLVES = 300;
export const DIVE_MAX_ITERATIONS = 60_000;
const INTEGRAL = 1e-7;

export interface DiveResult {
  /** the root LP failed: nothing to guide (the counts still say what it cost) */
  failed: boolean;
  columns: BlockColumn[]; ratio: Float64Array; mu: Float64Array; lpSolves: number; iterations: number;
  /** no block left fractional */
  complete: boolean;
  /** the wall-clock safety net cut it short (the only way its outcome can differ between runs) */
  timedOut: boolean;
}

/**
 * Dives from the LP over `startsOf(b)` for every block (blocks without starts stay rejected).
 * Undefined when the deadline has passed before it starts.
 */
export function lpDive(highs: Highs, m: ClearingModel, startsOf: (b: number) => readonly number[], shape: DiveShape, deadline: number): DiveResult | undefined {
  if (performance.now() >= deadline) return undefined;
  const lp = new FullLp(highs, coarseModel(m, shape.levels), startsOf);
  try {
    let lpSolves = 0;
    let iterations = 0;
    let timedOut = false;
    const solve = (): FullLpSolve => {
      const sol = lp.solve((deadline - performance.now()) / 1000, Math.max(1, DIVE_MAX_ITERATIONS - iterations));
      lpSolves++;
      iterations += sol.iterations;
      if (sol.timeLimit) timedOut = true;
      return sol;
    };
    let sol = solve();
    if (!sol.ok) return { failed: true, columns: lp.columns, ratio: sol.ratio, mu: sol.mu, lpSolves, iterations, complete: false, timedOut };
    const fixed = new Uint8Array(m.blocks.length);
    let complete = false;
    while (lpSolves < DIVE_MAX_LP_SOLVES && iterations < DIVE_MAX_ITERATIONS && !timedOut) {
      if (performance.now() >= deadline) { timedOut = true; break; }
      const frac = fractionalBlocks(m, lp, sol.ratio, fixed);
      if (frac.length === 0) { complete = true; break; }
      const batch = frac.slice(0, Math.max(1, Math.floor(frac.length * shape.batch)));
      for (const f of batch) { lp.setDomain(f.block, f.start); fixed[f.block] = 1; }
      let next = solve();
      const fits = () => next.ok || timedOut || iterations >= DIVE_MAX_ITERATIONS; // a budget is not a misfit
      if (!fits()) {
        // The batch does not fit together at its MARs: keep only its strongest block, else reject it.
        for (const f of batch.slice(1)) { lp.setDomain(f.block, FREE); fixed[f.block] = 0; }
        next = solve();
        if (!fits()) { lp.setDomain(batch[0]!.block, REJECTED); next = solve(); }
      }
      if (!next.ok) break; // a budget or the deadline: the last LP still guides
      sol = next;
    }
    return { failed: false, columns: lp.columns, ratio: sol.ratio, mu: sol.mu, lpSolves, iterations, complete, timedOut };
  } finally {
    lp.dispose();
  }
}

/**
 * The unfixed blocks the LP splits (over starts, or below MAR at one), strongest first: the
 * largest ratio at one start, ties by block index (deterministic).
 */
function fractionalBlocks(m: ClearingModel, lp: FullLp, ratio: Float64Array, fixed: Uint8Array): { block: number; start: number; ratio: number }[] {
  const out: { block: number; start: number; ratio: number }[] = [];
  for (let b = 0; b < m.blocks.length; b++) {
    if (fixed[b]) continue;
    let total = 0;
    let used = 0;
    let best = 0;
    let start = -1;
    for (let j = lp.first[b]!; j < lp.first[b + 1]!; j++) {
      const r = ratio[j]!;
      if (r <= INTEGRAL) continue;
      total += r; used++;
      if (r > best) { best = r; start = lp.columns[j]!.start; }
    }
    if (total <= INTEGRAL || (used === 1 && best >= m.blocks[b]!.mar - INTEGRAL)) continue;
    out.push({ block: b, start, ratio: best });
  }
  return out.sort((x, y) => y.ratio - x.ratio || x.block - y.block);
}

/** The dives for this book (SMALL_BOOK_DIVES or LARGE_BOOK_DIVES). */
export function divesFor(m: ClearingModel, columns: readonly BlockColumn[], lpRatio: Float64Array, incumbentStart: Int32Array): readonly DiveShape[] {
  const { relaxation, inPlay } = startSets(m, columns, lpRatio, incumbentStart);
  let wide = 0;
  m.blocks.forEach((blk, b) => { wide += inPlay[b] ? blk.latestStart - blk.earliestStart + 1 : relaxation[b]!.length; });
  return wide <= SMALL_BOOK_MAX_COLUMNS ? SMALL_BOOK_DIVES : LARGE_BOOK_DIVES;
}

/** The starts a dive of this shape may use, block by block. */
export function diveStarts(m: ClearingModel, shape: DiveShape, columns: readonly BlockColumn[], lpRatio: Float64Array, incumbentStart: Int32Array): (b: number) => number[] {
  const { relaxation, inPlay } = startSets(m, columns, lpRatio, incumbentStart);
  if (shape.starts === 'relaxation') return (b) => relaxation[b]!;
  const all = m.blocks.map((blk, b) => (inPlay[b] ? allStarts(blk.earliestStart, blk.latestStart) : relaxation[b]!));
  return (b) => all[b]!;
}

function startSets(m: ClearingModel, columns: readonly BlockColumn[], lpRatio: Float64Array, incumbentStart: Int32Array): { relaxation: number[][]; inPlay: Uint8Array } {
  const starts: Set<number>[] = m.blocks.map(() => new Set<number>());
  const inPlay = new Uint8Array(m.blocks.length);
  columns.forEach((c, j) => { starts[c.block]!.add(c.start); if ((lpRatio[j] ?? 0) > INTEGRAL) inPlay[c.block] = 1; });
  incumbentStart.forEach((s, b) => { if (s >= 0) { starts[b]!.add(s); inPlay[b] = 1; } });
  return { relaxation: starts.map((s) => [...s].sort((x, y) => x - y)), inPlay };
}

/**
 * Runs this book's dives in order, each followed by the primal heuristic on its LP and awaiting
 * `checkpoint` after it; the best allocation found (the incumbent when no dive beats it). Books of
 * more than DIVE_MAX_BLOCKS blocks get none.
 */
export async function diveForBetter(
  highs: Highs, m: ClearingModel, relax: { columns: readonly BlockColumn[]; lpRatio: Float64Array },
  incumbent: Allocation, bound: number, minGap: number, deadline: number, checkpoint: () => Promise<void>,
): Promise<{ alloc: Allocation; dives: number; lpSolves: number; iterations: number; evaluations: number; timedOut: boolean }> {
  let alloc = incumbent;
  const out = { dives: 0, lpSolves: 0, iterations: 0, evaluations: 0, timedOut: false };
  if (m.blocks.length > DIVE_MAX_BLOCKS) return { alloc, ...out };
  for (const shape of divesFor(m, relax.columns, relax.lpRatio, alloc.start)) {
    if (bound - alloc.welfare() <= minGap * Math.max(1, Math.abs(bound))) break;
    const dive = lpDive(highs, m, diveStarts(m, shape, relax.columns, relax.lpRatio, alloc.start), shape, deadline);
    if (!dive) { out.timedOut = true; break; }
    out.dives++; out.lpSolves += dive.lpSolves; out.iterations += dive.iterations;
    out.timedOut ||= dive.timedOut;
    if (!dive.failed) {
      const candidate = buildPrimal(m, dive.mu, dive.columns, dive.ratio, bound);
      out.evaluations += candidate.stats.evaluations;
      if (candidate.alloc.welfare() > alloc.welfare()) alloc = candidate.alloc;
    }
    await checkpoint();
    if (out.timedOut) break;
  }
  return { alloc, ...out };
}
