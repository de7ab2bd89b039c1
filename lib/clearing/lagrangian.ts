// Lagrangian relaxation of the capacity rows. For ANY multipliers μ_t ≥ 0 (welfare per MW of
// capacity in interval t), L(μ) below is an upper bound on the welfare of every feasible
// allocation: relaxing Σ allocation_t ≤ surplus_t into the objective only adds μ_t × slack ≥ 0.
// Its minimum over μ equals the bound of the aggregated model's LP relaxation.
import { blockValue, type ClearingModel } from './model';

/** Best start of block b under μ: its reduced value at ratio 1 (may be ≤ 0) and the start. */
export function bestStart(m: ClearingModel, b: number, muPrefix: Float64Array): { start: number; reduced: number } {
  const blk = m.blocks[b]!;
  let best = -Infinity;
  let start = blk.earliestStart;
  for (let s = blk.earliestStart; s <= blk.latestStart; s++) {
    const red = blockValue(m, blk, s) - blk.mw * (muPrefix[s + blk.duration]! - muPrefix[s]!);
    if (s === blk.earliestStart || red > best) { best = red; start = s; } // ties: earliest start
  }
  return { start, reduced: best };
}

export function prefix(mu: Float64Array): Float64Array {
  const p = new Float64Array(mu.length + 1);
  for (let t = 0; t < mu.length; t++) p[t + 1] = p[t]! + mu[t]!;
  return p;
}

/** L(μ): a proven upper bound on the achievable welfare for any μ ≥ 0. */
export function lagrangianBound(m: ClearingModel, mu: Float64Array): number {
  let total = 0;
  for (let t = 0; t < m.T; t++) {
    const mt = Math.max(0, mu[t]!);
    total += mt * m.surplus[t]!;
    const c = m.curves[t]!;
    for (let k = 0; k < c.value.length; k++) {
      const v = c.value[k]! - mt;
      if (v <= 0) break; // levels are sorted by value, highest first
      total += v * c.mw[k]!;
    }
  }
  const clipped = mu.map((x) => Math.max(0, x));
  const mp = prefix(clipped);
  for (let b = 0; b < m.blocks.length; b++) {
    const { reduced } = bestStart(m, b, mp);
    if (reduced > 0) total += reduced;
  }
  return total;
}
