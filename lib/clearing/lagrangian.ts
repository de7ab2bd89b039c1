// Lagrangian relaxation of the capacity rows. For ANY multipliers μ_t ≥ 0 (welfare per MW of
// capacity in interval t), L(μ) below is an upper bound on the welfare of every feasible
// allocation: relaxing Σ allocation_t ≤ surplus_t into the objective only adds μ_t × slack ≥ 0.
// Its minimum over μ equals the bound of the aggregated model's LP relaxation.
import { blockValue, blockWeighted, type ClearingModel } from './model';

/** Best start of block b under μ: its reduced value at ratio 1 (may be ≤ 0) and the start. */
export function bestStart(m: ClearingModel, b: number, muPrefix: Float64Array): { start: number; reduced: number } {
  const blk = m.blocks[b]!;
  let best = -Infinity;
  let start = blk.earliestStart;
  for (let s = blk.earliestStart; s <= blk.latestStart; s++) {
    const red = blockValue(m, blk, s) - blockWeighted(blk, s, muPrefix);
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

/** Block domains in a branch-and-bound node: free, rejected, or (any value ≥ 0) accepted at that start. */
export const FREE = -2;
export const REJECTED = -1;

/**
 * L(μ) restricted to the allocations of a branch-and-bound node: a rejected block contributes 0; a
 * block accepted at start s contributes max over ρ ∈ [MAR, 1] of ρ × its reduced value (linear,
 * so at MAR or 1); a free block as in lagrangianBound. Same proof: an upper bound on the welfare of
 * every feasible allocation that respects the node's decisions, for any μ ≥ 0.
 */
export function restrictedBound(m: ClearingModel, mu: Float64Array, dom: Int32Array): number {
  let total = 0;
  const clipped = new Float64Array(m.T);
  for (let t = 0; t < m.T; t++) {
    const mt = Math.max(0, mu[t]!);
    clipped[t] = mt;
    total += mt * m.surplus[t]!;
    const c = m.curves[t]!;
    for (let k = 0; k < c.value.length; k++) {
      const v = c.value[k]! - mt;
      if (v <= 0) break;
      total += v * c.mw[k]!;
    }
  }
  const mp = prefix(clipped);
  for (let b = 0; b < m.blocks.length; b++) {
    const d = dom[b]!;
    if (d === REJECTED) continue;
    const blk = m.blocks[b]!;
    if (d >= 0) {
      const red = blockValue(m, blk, d) - blockWeighted(blk, d, mp);
      total += red > 0 ? red : blk.mar * red;
    } else {
      const { reduced } = bestStart(m, b, mp);
      if (reduced > 0) total += reduced;
    }
  }
  return total;
}

/**
 * restrictedBound and a subgradient g of it at μ (g_t = S_t − the capacity the relaxed problem uses
 * in t), for cheap Polyak steps that lower the bound without an LP.
 */
export function restrictedBoundWithSubgradient(m: ClearingModel, mu: Float64Array, dom: Int32Array, g: Float64Array): number {
  let total = 0;
  for (let t = 0; t < m.T; t++) {
    const mt = Math.max(0, mu[t]!);
    total += mt * m.surplus[t]!;
    let use = 0;
    const c = m.curves[t]!;
    for (let k = 0; k < c.value.length; k++) {
      const v = c.value[k]! - mt;
      if (v <= 0) break;
      total += v * c.mw[k]!;
      use += c.mw[k]!;
    }
    g[t] = m.surplus[t]! - use;
  }
  const mp = prefix(mu);
  for (let b = 0; b < m.blocks.length; b++) {
    const d = dom[b]!;
    if (d === REJECTED) continue;
    const blk = m.blocks[b]!;
    let s: number;
    let rho: number;
    if (d >= 0) {
      const red = blockValue(m, blk, d) - blockWeighted(blk, d, mp);
      s = d; rho = red > 0 ? 1 : blk.mar;
      total += rho * red;
    } else {
      const best = bestStart(m, b, mp);
      if (best.reduced <= 0) continue;
      s = best.start; rho = 1;
      total += best.reduced;
    }
    for (let k = 0; k < blk.duration; k++) g[s + k]! -= rho * blk.shape[k]!;
  }
  return total;
}
