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
  stoppedBy: 'converged' | 'round-limit' | 'time-limit';
}

/** Exact levels within EXACT of the level marginal at μ_t, geometrically growing buckets beyond. */
const EXACT = 12;
const CONVERGED_REL = 1e-6;
const MAX_REBUILDS = 6;
export function bucketsAround(m: ClearingModel, mu: Float64Array): Int32Array[] {
  const out: Int32Array[] = [];
  for (let t = 0; t < m.T; t++) {
    const c = m.curves[t]!;
    const n = c.value.length;
    let k = 0;
    while (k < n && c.value[k]! > mu[t]!) k++;
    const lo = Math.max(0, k - EXACT);
    const hi = Math.min(n, k + EXACT);
    const cuts: number[] = [];
    for (let i = lo; i <= hi; i++) cuts.push(i);
    for (let i = lo, w = 2; i > 0; w *= 2) { i = Math.max(0, i - w); cuts.unshift(i); }
    for (let i = hi, w = 2; i < n; w *= 2) { i = Math.min(n, i + w); cuts.push(i); }
    out.push(Int32Array.from(cuts));
  }
  return out;
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
  let lp = new RelaxationLp(highs, m, bucketsAround(m, mu));
  lp.add(columns);
  let rebuilds = 0;
  try {
    for (let round = 0; round < maxRounds; round++) {
      const left = (deadline - performance.now()) / 1000;
      if (left <= 0) { stoppedBy = 'time-limit'; break; }
      const sol = lp.solve(left);
      lpSolves++;
      iterations += sol.iterations;
      if (!sol.ok) { if (sol.hitTimeLimit) stoppedBy = 'time-limit'; break; }
      lpRatio = sol.ratio;
      mu = sol.mu;
      const l = lagrangianBound(m, mu);
      if (l < bound) { bound = l; bestMu = mu; }
      if (process.env.CG_DEBUG) console.error('round', round, 'lp', sol.objective, 'L', l, 'cols', columns.length, 'iters', sol.iterations);
      // Stop when the LP (a lower estimate) and the proven bound agree to CONVERGED_REL.
      if (bound - sol.objective <= CONVERGED_REL * Math.max(1, Math.abs(bound))) { stoppedBy = 'converged'; break; }
      pending = fresh(prefix(mu), sol.pi);
      if (pending.length > 0) { columns.push(...pending); lp.add(pending); continue; }
      // No start prices out, yet the bound is not reached: the curve buckets are too coarse
      // where the prices now are. Re-centre them on μ and rebuild (bounded number of times).
      if (rebuilds++ >= MAX_REBUILDS) { stoppedBy = 'converged'; break; }
      lp.dispose();
      lp = new RelaxationLp(highs, m, bucketsAround(m, mu));
      lp.add(columns);
    }
  } finally {
    lp.dispose();
  }
  if (lpRatio.length < columns.length) {
    const r = new Float64Array(columns.length); r.set(lpRatio); lpRatio = r;
  }
  return { bound, mu: bestMu, columns, lpRatio, lpSolves, iterations, stoppedBy };
}
