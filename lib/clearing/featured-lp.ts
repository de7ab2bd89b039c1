// The LP relaxation of a featured book WITH its group, link and firm rows (master.ts), over the
// relaxation's block starts plus those priced in by its own duals (μ, ν): ratios that respect the
// firm cap for the primal heuristic, and (μ, ν) to start the extended Lagrangian from. The plain
// relaxation knows only the surplus rows, so on books whose firm cap binds its ratios and μ
// mislead both. Nothing here is a bound by itself: the bound is L(μ, ν) (featured-bound.ts).
import type { Highs } from 'highs';
import { bestReduced } from './featured-bound';
import { prefix } from './lagrangian';
import { solveMaster, type BlockColumn } from './master';
import type { ClearingModel } from './model';

/** Column-generation rounds on the featured LP (a deterministic budget). */
export const FEATURED_LP_ROUNDS = 4;

export interface FeaturedLp { columns: BlockColumn[]; ratio: Float64Array; mu: Float64Array; nu: Float64Array; lpSolves: number; iterations: number }

export function solveFeaturedLp(highs: Highs, m: ClearingModel, start: readonly BlockColumn[], deadline: number): FeaturedLp | undefined {
  const columns = [...start];
  const seen = new Set(columns.map((c) => `${c.block}:${c.start}`));
  let lpSolves = 0;
  let iterations = 0;
  let last: FeaturedLp | undefined;
  for (let round = 0; round < FEATURED_LP_ROUNDS && performance.now() < deadline; round++) {
    const sol = solveMaster(highs, m, columns, { integer: false, timeLimitS: (deadline - performance.now()) / 1000 });
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
