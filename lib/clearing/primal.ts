// Primal heuristic: a feasible allocation from the LP relaxation, then deterministic local search
// (re-place each block at its best start and ratio, or drop it; add rejected blocks that gain).
import { Allocation } from './allocation';
import { FEATURED_BUDGET, featuredPass } from './primal-featured';
import { bestStart, prefix } from './lagrangian';
import type { BlockColumn } from './master';
import { blockValue, EPS_MW, marginalValue, type ClearingModel } from './model';

export interface PrimalStats { moves: number; evaluations: number; passes: number }

const GAIN_EPS = 1e-9;
/** Deterministic work budget: no new local-search pass starts beyond this many move evaluations. */
export const EVALUATION_BUDGET = 250_000;

export function buildPrimal(m: ClearingModel, mu: Float64Array, columns: BlockColumn[], lpRatio: Float64Array, bound: number, maxPasses = 4): { alloc: Allocation; stats: PrimalStats } {
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
    reduced[b] = bs.reduced / (blk.profiled ? blk.mwSum : blk.mw * blk.duration);
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
    if (r >= blk.mar && alloc.canPlace(b)) { alloc.set(b, s, r); stats.moves++; }
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
    if (!singlePass(alloc, m, stats)) break;
  }
  // Exchanges (then single moves again) while the gap to the relaxation bound is worth closing.
  const limit = stats.evaluations + EXCHANGE_BUDGET;
  for (let round = 0; round < EXCHANGE_ROUNDS && stats.evaluations < limit; round++) {
    if (bound - alloc.welfare() <= EXCHANGE_MIN_GAP * Math.max(1, Math.abs(bound))) break;
    if (!exchangePass(alloc, stats, m, limit)) break;
    for (let pass = 0; pass < 2 && stats.evaluations < limit; pass++) if (!singlePass(alloc, m, stats)) break;
  }
  if (m.featured) {
    const featuredLimit = stats.evaluations + FEATURED_BUDGET;
    for (let round = 0; round < 3 && stats.evaluations < featuredLimit; round++) {
      if (!featuredPass(alloc, stats, featuredLimit)) break;
      for (let pass = 0; pass < 2 && stats.evaluations < featuredLimit; pass++) if (!singlePass(alloc, m, stats)) break;
    }
  }
  return { alloc, stats };
}

export function hasAcceptedChild(alloc: Allocation, b: number): boolean {
  for (const c of alloc.m.blocks[b]!.children) if (alloc.start[c]! >= 0) return true;
  return false;
}

/** One pass of single-block moves in canonical order; whether any move gained. */
function singlePass(alloc: Allocation, m: ClearingModel, stats: PrimalStats): boolean {
  let improved = false;
  for (let b = 0; b < m.blocks.length; b++) {
    const blk = m.blocks[b]!;
    const starts: number[] = [];
    for (let s = blk.earliestStart; s <= blk.latestStart; s++) starts.push(s);
    if (alloc.start[b]! >= 0) {
      const s0 = alloc.start[b]!;
      const r0 = alloc.ratio[b]!;
      alloc.set(b, s0, 0);
      const current = alloc.gainAdd(b, s0, r0);
      if (placeBest(alloc, b, starts, stats, current + GAIN_EPS * Math.max(1, Math.abs(current)))) improved = true;
      else if (current > 0 || hasAcceptedChild(alloc, b)) alloc.set(b, s0, r0); // a parent is dropped only with its family (featuredPass)
      else { stats.moves++; improved = true; } // dropping it gains
    } else if (placeBest(alloc, b, starts, stats, GAIN_EPS)) {
      improved = true;
    }
  }
  alloc.reload();
  return improved;
}


/** Deterministic work budget of the exchange rounds (with their follow-up passes), in move evaluations. */
export const EXCHANGE_BUDGET = 60_000;
const EXCHANGE_ROUNDS = 3;
/** Exchanges run only while the gap to the relaxation bound exceeds this (a tenth of the 1e-4 gap target). */
const EXCHANGE_MIN_GAP = 1e-5;

/**
 * Exchange moves, which single-block moves cannot make: for each rejected block b (canonical
 * order) and each accepted block a overlapping b's window (canonical order), drop a, add b at its
 * best start and ratio, then put a back at its best start and ratio if it still gains (possibly
 * elsewhere or at a smaller ratio: the rebalancing of MAR < 1 blocks). Kept only when the exact
 * welfare change is positive; otherwise undone. Stops when the evaluation count reaches `limit`; whether any exchange was made.
 */
export function exchangePass(alloc: Allocation, stats: PrimalStats, m: ClearingModel, limit: number): boolean {
  const nb = m.blocks.length;
  const maxValue = new Float64Array(nb);
  for (let b = 0; b < nb; b++) {
    const blk = m.blocks[b]!;
    let v = 0;
    for (let s = blk.earliestStart; s <= blk.latestStart; s++) v = Math.max(v, blockValue(m, blk, s));
    maxValue[b] = v;
  }
  let changed = false;
  for (let b = 0; b < nb && stats.evaluations < limit; b++) {
    if (alloc.start[b]! >= 0 || maxValue[b]! <= 0) continue;
    const bb = m.blocks[b]!;
    const lo = bb.earliestStart;
    const hi = bb.latestStart + bb.duration;
    for (let a = 0; a < nb && stats.evaluations < limit && alloc.start[b]! < 0; a++) {
      const sa = alloc.start[a]!;
      if (sa < 0 || hasAcceptedChild(alloc, a)) continue;
      const ba = m.blocks[a]!;
      if (sa + ba.duration <= lo || sa >= hi) continue;
      const ra = alloc.ratio[a]!;
      alloc.set(a, sa, 0);
      const loss = alloc.gainAdd(a, sa, ra);
      // b's welfare bounds its gain (displaced curves only cost); unless a can shrink to make room
      // (MAR < 1), a pair where it does not exceed a's loss is skipped as hopeless.
      if (ba.mar >= 1 && maxValue[b]! <= loss) { alloc.set(a, sa, ra); continue; }
      // Only b's starts that overlap a can have gained from a's removal (b did not fit anywhere
      // before), and only where b's optimistic gain is positive (a's way back gains at most `loss`).
      const from = Math.max(bb.earliestStart, sa - bb.duration + 1);
      const to = Math.min(bb.latestStart, sa + ba.duration - 1);
      let hopeful = false;
      for (let s = from; s <= to && !hopeful; s++) { hopeful = optimisticGain(alloc, b, s) > GAIN_EPS; stats.evaluations++; }
      if (!hopeful) { alloc.set(a, sa, ra); continue; }
      const addB = bestOf(alloc, b, stats, from, to);
      if (addB.start < 0 || addB.gain <= GAIN_EPS) { alloc.set(a, sa, ra); continue; }
      alloc.set(b, addB.start, addB.ratio);
      const addA = bestOf(alloc, a, stats);
      const readd = addA.start >= 0 && addA.gain > GAIN_EPS;
      const delta = addB.gain + (readd ? addA.gain : 0) - loss;
      if (delta > GAIN_EPS * Math.max(1, Math.abs(loss))) {
        if (readd) alloc.set(a, addA.start, addA.ratio);
        stats.moves++;
        changed = true;
      } else {
        alloc.set(b, addB.start, 0);
        alloc.set(a, sa, ra);
      }
    }
  }
  if (changed) alloc.reload();
  return changed;
}

/** Block b's best start and ratio over starts from..to (its whole window by default; earliest start on ties). */
export function bestOf(alloc: Allocation, b: number, stats: PrimalStats, from = alloc.m.blocks[b]!.earliestStart, to = alloc.m.blocks[b]!.latestStart): { start: number; ratio: number; gain: number } {
  let best = { start: -1, ratio: 0, gain: -Infinity };
  for (let s = from; s <= to; s++) {
    const r = alloc.bestAdd(b, s);
    stats.evaluations++;
    if (r.gain > best.gain) best = { start: s, ratio: r.ratio, gain: r.gain };
  }
  return best;
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

/**
 * An upper bound on the gain of adding block b at start s: at most the room it has, and each MW
 * displaces curve welfare worth at least the marginal level's value (the curve is concave).
 */
function optimisticGain(alloc: Allocation, b: number, s: number): number {
  const m = alloc.m;
  const blk = m.blocks[b]!;
  const room = alloc.room(b, s);
  if (room + EPS_MW < blk.mar || room <= 0) return -Infinity;
  let v = blockValue(m, blk, s);
  for (let k = 0; k < blk.duration; k++) v -= blk.shape[k]! * marginalValue(m.curves[s + k]!, m.surplus[s + k]! - alloc.load[s + k]!);
  return room * v;
}
