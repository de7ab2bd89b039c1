// The LP relaxation of a featured book WITH its group, link and firm rows (master.ts), over the
// relaxation's block starts plus those priced in by its own duals (μ, ν): ratios that respect the
// firm cap for the primal heuristic, and (μ, ν) to start the extended Lagrangian from. The plain
// relaxation knows only the surplus rows, so on books whose firm cap binds its ratios and μ
// mislead both. Nothing here is a bound by itself: the bound is L(μ, ν) (featured-bound.ts).
import type { Highs } from 'highs';
import { bestReduced } from './featured-bound';
import { prefix } from './lagrangian';
import { solveMaster, type BlockColumn } from './master';
import type { ClearingModel, IntervalCurve } from './model';

/** Column-generation rounds on the featured LP (a deterministic budget). */
export const FEATURED_LP_ROUNDS = 4;
/** Curve columns per interval in the guiding LP. */
export const FEATURED_LP_LEVELS = 48;

export interface FeaturedLp { columns: BlockColumn[]; ratio: Float64Array; mu: Float64Array; nu: Float64Array; lpSolves: number; iterations: number }

export function solveFeaturedLp(highs: Highs, m: ClearingModel, start: readonly BlockColumn[], deadline: number): FeaturedLp | undefined {
  if (start.length === 0) return undefined; // no block start worth anything: nothing to guide
  const columns = [...start];
  const seen = new Set(columns.map((c) => `${c.block}:${c.start}`));
  let lpSolves = 0;
  let iterations = 0;
  let last: FeaturedLp | undefined;
  const lpModel = coarseModel(m, FEATURED_LP_LEVELS);
  for (let round = 0; round < FEATURED_LP_ROUNDS && performance.now() < deadline; round++) {
    const sol = solveMaster(highs, lpModel, columns, { integer: false, timeLimitS: (deadline - performance.now()) / 1000 });
    lpSolves++;
    iterations += sol.iterations;
    if (!sol.solved) break;
    last = { columns: [...columns], ratio: sol.columnRatio, mu: sol.mu, nu: sol.nu, lpSolves, iterations };
    const mp = prefix(sol.mu);
    const np = prefix(sol.nu);
    let added = 0;
    for (let b = 0; b < m.blocks.length; b++) {
      const best = bestReduced(m, b, mp, np);
      if (best.reduced <= sol.pi[b]! + 1e-9 * Math.max(1, Math.abs(best.reduced))) continue;
      const key = `${b}:${best.start}`;
      if (seen.has(key)) continue;
      seen.add(key);
      columns.push({ block: b, start: best.start });
      added++;
    }
    if (added === 0) break;
  }
  return last && { ...last, lpSolves, iterations };
}

/**
 * The model with each interval's curve levels merged into at most `n` consecutive groups (MW
 * summed, value MW-weighted): a concave approximation of the curves, far fewer LP columns. Used
 * only to guide (ratios, duals), never for a bound or a published number.
 */
export function coarseModel(m: ClearingModel, n: number): ClearingModel {
  const coarse = (c: IntervalCurve): IntervalCurve => {
    const L = c.value.length;
    if (L <= n) return c;
    const value: number[] = [];
    const mw: number[] = [];
    for (let g = 0; g < n; g++) {
      const lo = Math.floor((g * L) / n);
      const hi = Math.floor(((g + 1) * L) / n);
      let q = 0;
      let w = 0;
      for (let k = lo; k < hi; k++) { q += c.mw[k]!; w += c.mw[k]! * c.value[k]!; }
      if (q > 0) { mw.push(q); value.push(w / q); }
    }
    const cumMw = new Float64Array(mw.length);
    const cumValue = new Float64Array(mw.length);
    let a = 0;
    let v = 0;
    mw.forEach((q, k) => { a += q; v += q * value[k]!; cumMw[k] = a; cumValue[k] = v; });
    return { price: Float64Array.from(value), value: Float64Array.from(value), mw: Float64Array.from(mw), cumMw, cumValue, cutoff: c.cutoff };
  };
  return {
    ...m,
    curves: m.curves.map(coarse),
    ...(m.firmCurves ? { firmCurves: m.firmCurves.map(coarse), intCurves: m.intCurves!.map(coarse) } : {}),
  };
}

/** Relaxation-induced neighbourhood: at most this many block starts go to the MIP. */
export const RINS_MAX_COLUMNS = 3_000;
export const RINS_MAX_NODES = 50;
export const RINS_LEVELS = 24;
const RINS_OPTIONS = {
  presolve: 'off',
  mip_heuristic_run_feasibility_jump: false, mip_heuristic_run_rins: false, mip_heuristic_run_rens: false,
  mip_heuristic_run_root_reduced_cost: false, mip_heuristic_run_zi_round: false, mip_heuristic_run_shifting: false,
};

/**
 * Block decisions from a MIP on the neighbourhood the featured LP induces: blocks the LP rejects
 * stay out, blocks it accepts whole at one start keep that start (accept or not), fractional
 * blocks may take any start; on the coarse curve model, with a node budget. The caller turns the
 * columns into an exactly evaluated, feasible allocation (allocationFromColumns).
 */
export function neighbourhoodMip(highs: Highs, m: ClearingModel, lp: FeaturedLp, deadline: number): { columns: BlockColumn[]; ratio: Float64Array; nodes: number; iterations: number } | undefined {
  const total = new Float64Array(m.blocks.length);
  const used: BlockColumn[][] = Array.from({ length: m.blocks.length }, () => []);
  lp.columns.forEach((c, j) => {
    if (lp.ratio[j]! > 1e-6) { total[c.block]! += lp.ratio[j]!; used[c.block]!.push(c); }
  });
  const columns: BlockColumn[] = [];
  m.blocks.forEach((b, i) => {
    if (total[i]! <= 1e-6) return;
    if (total[i]! >= 1 - 1e-6 && used[i]!.length === 1) { columns.push(used[i]![0]!); return; }
    for (let s = b.earliestStart; s <= b.latestStart; s++) columns.push({ block: i, start: s });
  });
  if (columns.length === 0 || columns.length > RINS_MAX_COLUMNS || performance.now() >= deadline) return undefined;
  const sol = solveMaster(highs, coarseModel(m, RINS_LEVELS), columns, {
    integer: true, maxNodes: RINS_MAX_NODES, extra: RINS_OPTIONS, timeLimitS: (deadline - performance.now()) / 1000,
  });
  return { columns, ratio: sol.columnRatio, nodes: sol.nodes, iterations: sol.iterations };
}
