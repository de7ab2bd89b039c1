// Exact depth-first branch-and-bound over block decisions for books small enough to hold every
// block start and every curve level in one LP. Each node fixes some blocks (rejected, or accepted
// at one start with ratio in [MAR, 1]); HiGHS solves the node's LP relaxation (one model, bounds
// changed between nodes, so the dual simplex warm-starts), but the node's bound is OUR restricted
// Lagrangian L_node(μ) evaluated with the LP's capacity duals: valid for any μ ≥ 0 whatever HiGHS'
// tolerances, so a pruned node is proven (in our arithmetic) not to beat the incumbent.
import type { Highs } from 'highs';
import { Allocation, allocationFromColumns } from './allocation';
import { FREE, REJECTED, restrictedBound, restrictedBoundWithSubgradient } from './lagrangian';
import type { FullLp } from './full-lp';
import { blockValue, EPS_MW, type ClearingModel } from './model';

export interface BranchAndBoundResult {
  alloc: Allocation;
  /** proven upper bound on the welfare of every feasible allocation */
  bound: number;
  /** every node closed: alloc is optimal up to `bound` */
  complete: boolean;
  nodes: number;
  lpSolves: number;
  iterations: number;
  stoppedBy: 'optimal' | 'node-limit' | 'iteration-limit' | 'time-limit';
}

interface Node { dom: Int32Array; bound: number; mu: Float64Array }

/** Relative slack within which a node counts as not beating the incumbent (well inside the 1e-9 optimality test). */
const PRUNE_REL = 2e-10;
const FRAC_EPS = 1e-9;
/** Subgradient steps tried on a node before its LP (each costs one L evaluation, ~1/50 of an LP run). */
const POLYAK_STEPS = 50;

/**
 * Depth-first branch-and-bound from `incumbent` (a feasible allocation) and the root LP's duals.
 * Branches on a fractional block (see pickBranch): one child per start (LP-supported starts first, by LP weight), then reject, then the other starts.
 * A child is first bounded with its parent's μ (warm start), then with up to POLYAK_STEPS
 * subgradient steps from there (Polyak steps aimed at the incumbent's welfare); only if those do
 * not prune it is its own LP solved. The published bound is max(incumbent, every pruned or open node's bound),
 * capped by `rootBound`.
 */
export function branchAndBound(
  lp: FullLp, m: ClearingModel, incumbent: Allocation, rootMu: Float64Array, rootBound: number,
  budget: { deadline: number; maxNodes: number; maxLpSolves: number; maxIterations: number },
): BranchAndBoundResult {
  const nb = m.blocks.length;
  let best = incumbent;
  let bestW = best.welfare();
  const slack = () => PRUNE_REL * Math.max(1, Math.abs(bestW));
  let closedMax = -Infinity; // max bound over closed nodes
  let nodes = 0;
  let lpSolves = 0;
  let iterations = 0;
  let stoppedBy: BranchAndBoundResult['stoppedBy'] = 'optimal';
  const applied = new Int32Array(nb).fill(FREE);
  const stack: Node[] = [{ dom: new Int32Array(nb).fill(FREE), bound: rootBound, mu: rootMu }];
  const fixedLoad = new Float64Array(m.T);
  const grad = new Float64Array(m.T);

  while (stack.length > 0) {
    const node = stack[stack.length - 1]!;
    if (node.bound <= bestW + slack()) { stack.pop(); closedMax = Math.max(closedMax, node.bound); continue; }
    if (nodes >= budget.maxNodes || lpSolves >= budget.maxLpSolves) { stoppedBy = 'node-limit'; break; }
    if (iterations >= budget.maxIterations) { stoppedBy = 'iteration-limit'; break; }
    const left = (budget.deadline - performance.now()) / 1000;
    if (left <= 0) { stoppedBy = 'time-limit'; break; }
    stack.pop();
    nodes++;
    // A node whose fixed blocks alone overload an interval at their MAR has no feasible allocation.
    fixedLoad.fill(0);
    let feasible = true;
    for (let b = 0; b < nb && feasible; b++) {
      const s = node.dom[b]!;
      if (s < 0) continue;
      const blk = m.blocks[b]!;
      for (let t = s; t < s + blk.duration; t++) {
        fixedLoad[t]! += blk.mar * blk.shape[t - s]!;
        if (fixedLoad[t]! > m.surplus[t]! + EPS_MW) { feasible = false; break; }
      }
    }
    if (!feasible) continue;
    // Polyak subgradient steps on μ towards the incumbent's welfare, in our own arithmetic: often
    // enough to prune the node without an LP.
    {
      const mu = node.mu.slice();
      for (let k = 0; k < POLYAK_STEPS; k++) {
        const l = restrictedBoundWithSubgradient(m, mu, node.dom, grad);
        if (l < node.bound) node.bound = l;
        if (l <= bestW + slack()) break;
        let norm = 0;
        for (let t = 0; t < m.T; t++) { const gt = mu[t]! <= 0 && grad[t]! > 0 ? 0 : grad[t]!; grad[t] = gt; norm += gt * gt; }
        if (norm <= 0) break;
        const step = (l - bestW) / norm;
        for (let t = 0; t < m.T; t++) mu[t] = Math.max(0, mu[t]! - step * grad[t]!);
      }
      if (node.bound <= bestW + slack()) { closedMax = Math.max(closedMax, node.bound); continue; }
    }
    for (let b = 0; b < nb; b++) if (applied[b] !== node.dom[b]) { lp.setDomain(b, node.dom[b]!); applied[b] = node.dom[b]!; }
    const sol = lp.solve(left, budget.maxIterations - iterations);
    lpSolves++;
    iterations += sol.iterations;
    if (!sol.ok) {
      // No usable LP solution: the node keeps its parent-μ bound and is closed with it (honest, maybe loose).
      closedMax = Math.max(closedMax, node.bound);
      if (sol.timeLimit) { stoppedBy = 'time-limit'; break; }
      continue;
    }
    const nodeBound = Math.min(node.bound, restrictedBound(m, sol.mu, node.dom));
    // The LP's solution, snapped and repaired to exact feasibility, may improve the incumbent.
    const cand = allocationFromColumns(m, lp.columns, sol.ratio);
    const cw = cand.welfare();
    if (cw > bestW) { best = cand; bestW = cw; }
    if (nodeBound <= bestW + slack()) { closedMax = Math.max(closedMax, nodeBound); continue; }
    const branch = pickBranch(m, lp, sol.ratio, sol.mu, node.dom);
    if (branch < 0) { closedMax = Math.max(closedMax, nodeBound); continue; } // integral: solved
    // Children, pushed in reverse so the first is explored first.
    const blk = m.blocks[branch]!;
    const f = lp.first[branch]!;
    const supported: number[] = [];
    const others: number[] = [];
    for (let s = blk.earliestStart; s <= blk.latestStart; s++) (sol.ratio[f + s - blk.earliestStart]! > FRAC_EPS ? supported : others).push(s);
    supported.sort((a, c) => sol.ratio[f + c - blk.earliestStart]! - sol.ratio[f + a - blk.earliestStart]! || a - c);
    const children = [...supported, REJECTED, ...others];
    for (let i = children.length - 1; i >= 0; i--) {
      const dom = node.dom.slice();
      dom[branch] = children[i]!;
      const bound = Math.min(nodeBound, restrictedBound(m, sol.mu, dom));
      if (bound <= bestW + slack()) { closedMax = Math.max(closedMax, bound); continue; }
      stack.push({ dom, bound, mu: sol.mu });
    }
  }
  let bound = Math.max(bestW, closedMax);
  for (const n of stack) bound = Math.max(bound, n.bound);
  bound = Math.min(bound, rootBound);
  if (bound < bestW) bound = bestW;
  return { alloc: best, bound, complete: stack.length === 0, nodes, lpSolves, iterations, stoppedBy: stack.length === 0 ? 'optimal' : stoppedBy };
}

/**
 * The block to branch on (−1 when the LP solution is integral in the block decisions): among the
 * fractional free blocks (LP mass split between starts, or a total below the MAR), the one whose
 * children are bounded lowest under the node's μ (smallest largest child bound; ties: lower index).
 */
function pickBranch(m: ClearingModel, lp: FullLp, ratio: Float64Array, mu: Float64Array, dom: Int32Array): number {
  let pick = -1;
  let pickWorst = Infinity;
  const probe = dom.slice();
  for (let b = 0; b < m.blocks.length; b++) {
    if (dom[b] !== FREE) continue;
    const blk = m.blocks[b]!;
    let total = 0;
    let max = 0;
    for (let j = lp.first[b]!; j < lp.first[b + 1]!; j++) { const r = Math.max(0, ratio[j]!); total += r; max = Math.max(max, r); }
    if (total <= FRAC_EPS) continue;
    const split = (total - max) / total;
    const below = total < blk.mar - FRAC_EPS ? Math.min(total, blk.mar - total) / blk.mar : 0;
    if (Math.max(split, below) <= FRAC_EPS) continue;
    let worst = -Infinity;
    for (let s = REJECTED; s <= blk.latestStart; s = s === REJECTED ? blk.earliestStart : s + 1) {
      probe[b] = s;
      worst = Math.max(worst, restrictedBound(m, mu, probe));
    }
    probe[b] = FREE;
    if (worst < pickWorst) { pickWorst = worst; pick = b; }
  }
  return pick;
}
