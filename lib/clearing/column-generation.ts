// Minimises the Lagrangian bound by column generation on the LP relaxation: HiGHS solves the LP
// over the block starts generated so far; its capacity duals μ price every start of every block
// (sliding-window sums); starts with a positive reduced value join; repeat. Each μ gives a proven
// bound L(μ) computed here, independently of HiGHS' tolerances; the lowest is kept.
import type { Highs } from 'highs';
import { bestStart, lagrangianBound, prefix } from './lagrangian';
import type { BlockColumn } from './master';
import { RelaxationLp } from './relaxation-lp';
import type { ClearingModel } from './model';

export interface RelaxationResult {
  bound: number;
  mu: Float64Array;
  columns: BlockColumn[];
  /** LP ratio per column at the last solve */
  lpRatio: Float64Array;
  lpSolves: number;
  iterations: number;
  stoppedBy: 'converged' | 'round-limit' | 'iteration-limit' | 'time-limit';
}

/** Exact levels from EXACT_UP above to EXACT_DOWN below the level marginal at μ_t (blocks push
 * prices up, so the window leans upwards), geometrically growing buckets beyond. */
const EXACT_UP = 24;
const EXACT_DOWN = 6;
const CONVERGED_REL = 3e-5;
/**
 * Deterministic work budget for the whole relaxation, in simplex iterations. An iteration on a
 * book with tens of thousands of blocks costs ~1 ms in WebAssembly, so very large books get a
 * smaller budget (their gap target is looser).
 */
export function lpIterationBudget(blocks: number): number {
  return blocks <= 5_000 ? 30_000 : 6_000;
}
const MAX_REBUILDS = 10;

export interface Buckets { cuts: Int32Array[]; lo: Int32Array; hi: Int32Array }

function marginalLevel(m: ClearingModel, t: number, mu: number): number {
  const c = m.curves[t]!;
  let lo = 0;
  let hi = c.value.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (c.value[mid]! > mu) lo = mid + 1; else hi = mid;
  }
  return lo;
}

export function bucketsAround(m: ClearingModel, mu: Float64Array): Buckets {
  const cuts: Int32Array[] = [];
  const los = new Int32Array(m.T);
  const his = new Int32Array(m.T);
  for (let t = 0; t < m.T; t++) {
    const n = m.curves[t]!.value.length;
    const k = marginalLevel(m, t, mu[t]!);
    const lo = Math.max(0, k - EXACT_UP);
    const hi = Math.min(n, k + EXACT_DOWN);
    los[t] = lo; his[t] = hi;
    const c: number[] = [];
    for (let i = lo; i <= hi; i++) c.push(i);
    for (let i = lo, w = 2; i > 0; w *= 2) { i = Math.max(0, i - w); c.unshift(i); }
    for (let i = hi, w = 2; i < n; w *= 2) { i = Math.min(n, i + w); c.push(i); }
    cuts.push(Int32Array.from(c));
  }
  return { cuts, lo: los, hi: his };
}

/** Whether the marginal level at μ has left the exact window of some interval. */
function outOfWindow(m: ClearingModel, b: Buckets, mu: Float64Array): boolean {
  for (let t = 0; t < m.T; t++) {
    const n = m.curves[t]!.value.length;
    const k = marginalLevel(m, t, mu[t]!);
    if ((k < b.lo[t]! && b.lo[t]! > 0) || (k > b.hi[t]! && b.hi[t]! < n)) return true;
  }
  return false;
}

export function solveRelaxation(highs: Highs, m: ClearingModel, deadline: number, maxRounds = 60): RelaxationResult {
  const T = m.T;
  // Start from the curve-only prices: the value of the level where the curve alone fills the surplus.
  let mu: Float64Array = new Float64Array(T);
  for (let t = 0; t < T; t++) {
    const c = m.curves[t]!;
    mu[t] = c.cutoff >= 0 ? Math.max(0, (c.cutoff - m.reserve[t]!) * m.hours) : 0;
  }
  let bound = lagrangianBound(m, mu);
  let bestMu = mu;
  const columns: BlockColumn[] = [];
  const have = new Set<number>();
  const key = (b: number, s: number) => b * 1024 + s;
  const fresh = (mp: Float64Array, pi: Float64Array | undefined): BlockColumn[] => {
    const out: BlockColumn[] = [];
    for (let b = 0; b < m.blocks.length; b++) {
      const { start, reduced } = bestStart(m, b, mp);
      const threshold = pi ? pi[b]! : 0;
      if (reduced > threshold + 1e-9 * Math.max(1, Math.abs(reduced)) && !have.has(key(b, start))) {
        have.add(key(b, start)); out.push({ block: b, start });
      }
    }
    return out;
  };
  let pending = fresh(prefix(mu), undefined);
  columns.push(...pending);
  let lpRatio: Float64Array = new Float64Array(0);
  let lpSolves = 0;
  let iterations = 0;
  let stoppedBy: RelaxationResult['stoppedBy'] = 'round-limit';
  let buckets = bucketsAround(m, mu);
  let lp = new RelaxationLp(highs, m, buckets.cuts);
  lp.add(columns);
  let rebuilds = 0;
  try {
    for (let round = 0; round < maxRounds; round++) {
      const left = (deadline - performance.now()) / 1000;
      if (left <= 0) { stoppedBy = 'time-limit'; break; }
      const sol = lp.solve(left, lpIterationBudget(m.blocks.length) - iterations);
      lpSolves++;
      iterations += sol.iterations;
      if (!sol.ok && !sol.hitIterationLimit) { if (sol.hitTimeLimit) stoppedBy = 'time-limit'; break; }
      // Any μ ≥ 0 gives a valid bound, even from an LP stopped early.
      mu = sol.mu;
      const l = lagrangianBound(m, mu);
      if (l < bound) { bound = l; bestMu = mu; }
      if (sol.hitIterationLimit) { stoppedBy = 'iteration-limit'; break; }
      lpRatio = sol.ratio;
      // Stop when the LP (a lower estimate) and the proven bound agree to CONVERGED_REL.
      if (bound - sol.objective <= CONVERGED_REL * Math.max(1, Math.abs(bound))) { stoppedBy = 'converged'; break; }
      pending = fresh(prefix(mu), sol.pi);
      columns.push(...pending);
      // The curve buckets are exact only near the marginal levels they were built around: rebuild
      // them on the new μ when a marginal level left its window (bounded number of rebuilds).
      const moved = outOfWindow(m, buckets, mu);
      if (!moved || rebuilds >= MAX_REBUILDS) {
        if (pending.length === 0) { stoppedBy = 'converged'; break; }
        lp.add(pending);
        continue;
      }
      rebuilds++;
      const warm = lp.snapshot();
      lp.dispose();
      buckets = bucketsAround(m, mu);
      lp = new RelaxationLp(highs, m, buckets.cuts);
      lp.add(columns);
      lp.warmStart(warm, mu);
    }
  } finally {
    lp.dispose();
  }
  if (lpRatio.length < columns.length) {
    const r = new Float64Array(columns.length); r.set(lpRatio); lpRatio = r;
  }
  return { bound, mu: bestMu, columns, lpRatio, lpSolves, iterations, stoppedBy };
}
