// The Lagrangian bound of the extended problem (SPEC §1–§2: firm cap, exclusive groups, links).
// Relax both capacity rows with multipliers μ_t ≥ 0 (all load ≤ surplus) and ν_t ≥ 0 (firm load
// ≤ firmMw). What remains separates: each curve level alone, and each family of blocks alone, with
// its group and link constraints KEPT — a parent at ratio ρ ∈ [MAR, 1] plus any of its children,
// at most one member of a group. (Exclusive groups among children are dropped: a relaxation.) For
// ANY μ, ν ≥ 0 the optimum of that separable problem is an upper bound on the welfare of every
// feasible allocation, since every feasible allocation is feasible for it and the relaxed terms
// μ·slack and ν·firm slack are ≥ 0. Evaluated in our own arithmetic, independently of HiGHS.
import { prefix } from './lagrangian';
import { blockValue, blockWeighted, type ClearingModel } from './model';

export interface BoundEvaluation { bound: number; gMu: Float64Array; gNu: Float64Array }

/** Best start of block b under μ, ν: reduced value at ratio 1 and the start (ties: earliest). */
export function bestReduced(m: ClearingModel, b: number, mp: Float64Array, np: Float64Array): { start: number; reduced: number } {
  const blk = m.blocks[b]!;
  const firm = m.hasFirm && blk.firm;
  let best = -Infinity;
  let start = blk.earliestStart;
  for (let s = blk.earliestStart; s <= blk.latestStart; s++) {
    const red = blockValue(m, blk, s) - blockWeighted(blk, s, mp) - (firm ? blockWeighted(blk, s, np) : 0);
    if (red > best) { best = red; start = s; }
  }
  return { start, reduced: best };
}

export function featuredBound(m: ClearingModel, mu: Float64Array, nu: Float64Array): BoundEvaluation {
  const T = m.T;
  const gMu = new Float64Array(T);
  const gNu = new Float64Array(T);
  let total = 0;
  const levels = (c: { value: Float64Array; mw: Float64Array }, price: number, t: number, firm: boolean) => {
    for (let k = 0; k < c.value.length; k++) {
      const v = c.value[k]! - price;
      if (v <= 0) break; // levels are sorted by value, highest first
      total += v * c.mw[k]!;
      gMu[t]! -= c.mw[k]!;
      if (firm) gNu[t]! -= c.mw[k]!;
    }
  };
  for (let t = 0; t < T; t++) {
    total += mu[t]! * m.surplus[t]! + (m.hasFirm ? nu[t]! * m.firmCap[t]! : 0);
    gMu[t] = m.surplus[t]!;
    gNu[t] = m.firmCap[t]!;
    if (m.firmCurves) { levels(m.intCurves![t]!, mu[t]!, t, false); levels(m.firmCurves[t]!, mu[t]! + nu[t]!, t, true); }
    else levels(m.curves[t]!, mu[t]!, t, false);
  }
  const mp = prefix(mu);
  const np = prefix(nu);
  const nb = m.blocks.length;
  const best = Array.from({ length: nb }, (_, b) => bestReduced(m, b, mp, np));
  // A family's value: the parent at its best ratio (1, or MAR when it loses) plus its gaining children.
  const family = new Float64Array(nb).fill(-Infinity);
  for (let b = 0; b < nb; b++) {
    const blk = m.blocks[b]!;
    if (blk.parent >= 0) continue;
    const red = best[b]!.reduced;
    let v = red > 0 ? red : blk.mar * red;
    for (const c of blk.children) v += Math.max(0, best[c]!.reduced);
    family[b] = v;
  }
  const use = (b: number, rho: number) => {
    const blk = m.blocks[b]!;
    const s = best[b]!.start;
    for (let k = 0; k < blk.duration; k++) {
      gMu[s + k]! -= rho * blk.shape[k]!;
      if (m.hasFirm && blk.firm) gNu[s + k]! -= rho * blk.shape[k]!;
    }
  };
  const take = (b: number) => {
    total += family[b]!;
    use(b, best[b]!.reduced > 0 ? 1 : m.blocks[b]!.mar);
    for (const c of m.blocks[b]!.children) if (best[c]!.reduced > 0) use(c, 1);
  };
  const inGroup = new Uint8Array(nb);
  for (const g of m.groups) {
    let pick = -1;
    for (const b of g) {
      if (m.blocks[b]!.parent >= 0) continue;
      inGroup[b] = 1;
      if (family[b]! > 0 && (pick < 0 || family[b]! > family[pick]!)) pick = b;
    }
    if (pick >= 0) take(pick);
  }
  for (let b = 0; b < nb; b++) if (!inGroup[b] && m.blocks[b]!.parent < 0 && family[b]! > 0) take(b);
  return { bound: total, gMu, gNu };
}

/**
 * Deterministic projected subgradient descent on (μ, ν) from a starting point, Polyak steps aimed
 * at `target` (the incumbent's welfare), the step scale halved after 5 steps without a new best.
 * Returns the lowest bound seen: every evaluated point is a valid bound, so the minimum is too.
 */
export function refineFeaturedBound(m: ClearingModel, mu0: Float64Array, target: number, iterations: number, nu0?: Float64Array): { bound: number; mu: Float64Array; nu: Float64Array } {
  let mu = Float64Array.from(mu0, (x) => Math.max(0, x));
  let nu = nu0 && m.hasFirm ? Float64Array.from(nu0, (x) => Math.max(0, x)) : new Float64Array(m.T);
  let best = { bound: Infinity, mu, nu };
  let scale = 1;
  let stale = 0;
  for (let i = 0; i < iterations; i++) {
    const e = featuredBound(m, mu, nu);
    if (e.bound < best.bound) { best = { bound: e.bound, mu, nu }; stale = 0; } else if (++stale >= 5) { scale /= 2; stale = 0; }
    const gap = e.bound - target;
    if (gap <= 1e-9 * Math.max(1, Math.abs(target)) || scale < 1e-6) break;
    let norm = 0;
    for (let t = 0; t < m.T; t++) {
      if (mu[t]! <= 0 && e.gMu[t]! > 0) e.gMu[t] = 0;
      if (!m.hasFirm || (nu[t]! <= 0 && e.gNu[t]! > 0)) e.gNu[t] = 0;
      norm += e.gMu[t]! ** 2 + e.gNu[t]! ** 2;
    }
    if (norm <= 0) break;
    const step = (scale * gap) / norm;
    mu = Float64Array.from(mu, (x, t) => Math.max(0, x - step * e.gMu[t]!));
    nu = Float64Array.from(nu, (x, t) => Math.max(0, x - step * e.gNu[t]!));
  }
  return best;
}
