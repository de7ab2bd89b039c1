// Primal heuristic: a feasible allocation from the LP relaxation, then deterministic local search
// (re-place each block at its best start and ratio, or drop it; add rejected blocks that gain).
import { Allocation } from './allocation';
import { bestStart, prefix } from './lagrangian';
import type { BlockColumn } from './master';
import type { ClearingModel } from './model';

export interface PrimalStats { moves: number; evaluations: number; passes: number }

const GAIN_EPS = 1e-9;
/** Deterministic work budget: no new local-search pass starts beyond this many move evaluations. */
export const EVALUATION_BUDGET = 250_000;

export function buildPrimal(m: ClearingModel, mu: Float64Array, columns: BlockColumn[], lpRatio: Float64Array, maxPasses = 4): { alloc: Allocation; stats: PrimalStats } {
  const alloc = new Allocation(m);
  const stats: PrimalStats = { moves: 0, evaluations: 0, passes: 0 };
  const mp = prefix(mu);
  const nb = m.blocks.length;
  const lpTotal = new Float64Array(nb);
  const lpStarts: number[][] = Array.from({ length: nb }, () => []);
  columns.forEach((c, j) => {
    const r = lpRatio[j] ?? 0;
    if (r > 1e-9) { lpTotal[c.block]! += r; lpStarts[c.block]!.push(c.start); }
  });
  const reduced = new Float64Array(nb);
  const muStart = new Int32Array(nb);
  for (let b = 0; b < nb; b++) {
    const bs = bestStart(m, b, mp);
    const blk = m.blocks[b]!;
    reduced[b] = bs.reduced / (blk.mw * blk.duration);
    muStart[b] = bs.start;
  }
  // Greedy: blocks the LP takes most of first, then by reduced value per MW-interval; ties by id.
  const order = Array.from({ length: nb }, (_, b) => b).sort(
    (a, b) => lpTotal[b]! - lpTotal[a]! || reduced[b]! - reduced[a]! || a - b,
  );
  // First the LP's own decisions where they are already integral in the start (one start, ratio ≥ MAR).
  const single = new Int32Array(nb).fill(-1);
  columns.forEach((c, j) => {
    if ((lpRatio[j] ?? 0) > 1e-9) single[c.block] = single[c.block] === -1 ? j : -2;
  });
  for (const b of order) {
    const j = single[b]!;
    if (j < 0) continue;
    const blk = m.blocks[b]!;
    const s = columns[j]!.start;
    const r = Math.min(lpRatio[j]! > 1 - 1e-9 ? 1 : lpRatio[j]!, alloc.room(b, s));
    if (r >= blk.mar) { alloc.set(b, s, r); stats.moves++; }
  }
  for (const b of order) {
    if (alloc.start[b]! >= 0) continue;
    if (lpTotal[b]! <= 1e-9 && reduced[b]! <= 0) continue;
    const starts = [...new Set([...lpStarts[b]!, muStart[b]!])].sort((x, y) => x - y);
    placeBest(alloc, b, starts, stats, -Infinity);
  }
  // Local search, deterministic block order, until no move improves.
  for (let pass = 0; pass < maxPasses && stats.evaluations < EVALUATION_BUDGET; pass++) {
    stats.passes++;
    let improved = false;
    for (let b = 0; b < nb; b++) {
      const blk = m.blocks[b]!;
      const starts: number[] = [];
      for (let s = blk.earliestStart; s <= blk.latestStart; s++) starts.push(s);
      if (alloc.start[b]! >= 0) {
        const s0 = alloc.start[b]!;
        const r0 = alloc.ratio[b]!;
        alloc.set(b, s0, 0);
        const current = alloc.gainAdd(b, s0, r0);
        if (placeBest(alloc, b, starts, stats, current + GAIN_EPS * Math.max(1, Math.abs(current)))) improved = true;
        else if (current > 0) alloc.set(b, s0, r0);
        else { stats.moves++; improved = true; } // dropping it gains
      } else if (placeBest(alloc, b, starts, stats, GAIN_EPS)) {
        improved = true;
      }
    }
    alloc.reload();
    if (!improved) break;
  }
  return { alloc, stats };
}

/** Places rejected block b at its best start among `starts` if that gains more than `threshold`. */
function placeBest(alloc: Allocation, b: number, starts: number[], stats: PrimalStats, threshold: number): boolean {
  let best = { start: -1, ratio: 0, gain: Math.max(threshold, GAIN_EPS) };
  for (const s of starts) {
    const r = alloc.bestAdd(b, s);
    stats.evaluations++;
    if (r.gain > best.gain) best = { start: s, ratio: r.ratio, gain: r.gain };
  }
  if (best.start < 0) return false;
  alloc.set(b, best.start, best.ratio);
  stats.moves++;
  return true;
}
