// Clears a validated book: relaxation bound, primal allocation (exact MIP when the aggregated
// model is small), uniform prices with paradoxically accepted blocks removed, the result file.
import type { Book, CurveBid } from '../../schemas/book';
import { RESULT_FORMAT, type BidResult, type ClearingResult } from '../../schemas/result';
import { Allocation } from './allocation';
import { bookDigest } from './canonical';
import { solveRelaxation } from './column-generation';
import { loadHighs } from './highs-runtime';
import { solveMaster, type BlockColumn } from './master';
import { blockValue, buildModel, EPS_MW, type ClearingModel } from './model';
import { buildPrimal } from './primal';
import { computePrices, paradoxicallyRejected, removeParadoxicallyAccepted } from './pricing';

export interface ClearOptions {
  /** wall-clock safety net; deterministic work budgets normally stop the search first */
  timeLimitMs?: number;
  /** add stats.solveMs (makes the output differ between runs) */
  timings?: boolean;
}

export const DEFAULT_TIME_LIMIT_MS = 60_000;
/** Deterministic budgets (docs/clearing.md). */
export const MIP_MAX_STARTS = 6_000;
export const MIP_MAX_LEVELS = 40_000;
export const MIP_MAX_NODES = 20_000;
const OPTIMAL_REL = 1e-9;
/**
 * The MIP starts from our heuristic allocation, so HiGHS' own primal heuristics mostly cost time
 * (measured: 414 → 91 ms on the small benchmark book); presolve off was faster too.
 */
const MIP_OPTIONS = {
  presolve: 'off',
  mip_heuristic_run_feasibility_jump: false, mip_heuristic_run_rins: false, mip_heuristic_run_rens: false,
  mip_heuristic_run_root_reduced_cost: false, mip_heuristic_run_zi_round: false, mip_heuristic_run_shifting: false,
};
/** HiGHS' feasibility/optimality tolerances leave its dual bound this close (relative) to the truth. */
const MIP_TOL_REL = 1e-6;

export type StoppedBy = 'optimal' | 'converged' | 'node-limit' | 'round-limit' | 'iteration-limit' | 'time-limit';

export async function clearBook(book: Book, options: ClearOptions = {}): Promise<ClearingResult> {
  const t0 = performance.now();
  const deadline = t0 + (options.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS);
  const m = buildModel(book);
  const stats: Record<string, number | string> = { steps: m.stepCount, curveLevels: m.levelCount, blocks: m.blocks.length };
  let alloc = new Allocation(m);
  let bound: number;
  let stoppedBy: StoppedBy = 'optimal';
  let method = 'curves-only';

  if (m.blocks.length === 0) {
    bound = alloc.welfare(); // curves alone: filling from the top is optimal
  } else {
    method = 'lagrangian';
    const highs = await loadHighs();
    const relax = solveRelaxation(highs, m, deadline);
    bound = relax.bound;
    Object.assign(stats, { lpSolves: relax.lpSolves, lpIterations: relax.iterations, columns: relax.columns.length });
    const primal = buildPrimal(m, relax.mu, relax.columns, relax.lpRatio);
    alloc = primal.alloc;
    Object.assign(stats, { heuristicMoves: primal.stats.moves, heuristicEvaluations: primal.stats.evaluations });
    stoppedBy = relax.stoppedBy;

    let starts = 0;
    for (const b of m.blocks) starts += b.latestStart - b.earliestStart + 1;
    const gapOpen = bound - alloc.welfare() > OPTIMAL_REL * Math.max(1, Math.abs(bound));
    if (gapOpen && starts <= MIP_MAX_STARTS && m.levelCount <= MIP_MAX_LEVELS && performance.now() < deadline) {
      method = 'mip';
      const cols: BlockColumn[] = [];
      const startRatio: number[] = [];
      m.blocks.forEach((b, i) => {
        for (let s = b.earliestStart; s <= b.latestStart; s++) {
          cols.push({ block: i, start: s });
          startRatio.push(alloc.start[i] === s ? alloc.ratio[i]! : 0);
        }
      });
      const sol = solveMaster(highs, m, cols, {
        integer: true, maxNodes: MIP_MAX_NODES, extra: MIP_OPTIONS, timeLimitS: (deadline - performance.now()) / 1000, start: Float64Array.from(startRatio),
      });
      Object.assign(stats, { mipNodes: sol.nodes, mipLpIterations: sol.iterations });
      const candidate = fromColumns(m, cols, sol.columnRatio);
      if (candidate.welfare() > alloc.welfare()) alloc = candidate;
      // HiGHS' dual bound is proven up to its tolerances; one below a welfare we can exhibit is
      // wrong, so it is only taken when it is consistent with our best allocation.
      const best = alloc.welfare();
      const tol = MIP_TOL_REL * Math.max(1, Math.abs(best));
      const st = highs.constants.modelStatus;
      if (Number.isFinite(sol.dualBound) && sol.dualBound < bound && sol.dualBound >= best - tol) {
        // HiGHS proved optimality up to its tolerances: its dual bound sits within MIP_TOL_REL of
        // the allocation we exhibit, so that allocation is declared optimal.
        bound = sol.status === st.optimal && sol.dualBound <= best + tol ? best : sol.dualBound;
      }
      stoppedBy = sol.status === st.optimal ? 'optimal' : sol.hitTimeLimit ? 'time-limit' : 'node-limit';
    }
  }
  stats.method = method;

  const pricing = book.auction.pricing;
  let prices;
  if (pricing === 'uniform') {
    const pab = removeParadoxicallyAccepted(m, alloc);
    prices = pab.prices;
    stats.paradoxicallyAcceptedRemoved = pab.removed;
  } else {
    prices = computePrices(m, alloc);
  }
  const prb = pricing === 'uniform' ? paradoxicallyRejected(m, alloc, prices.price) : [];

  const out = buildResult(m, book, alloc, prices.price, prices.fill);
  const welfare = out.welfare;
  if (bound < welfare) bound = welfare; // HiGHS' dual bound carries its own tolerance (1e-7)
  const optimal = bound - welfare <= OPTIMAL_REL * Math.max(1, Math.abs(bound));
  if (!optimal && stoppedBy === 'optimal') stoppedBy = 'converged';
  stats.stoppedBy = stoppedBy;
  const inputDigest = bookDigest(book);
  if (options.timings) stats.solveMs = round(performance.now() - t0, 3);

  return {
    format: RESULT_FORMAT,
    auctionId: book.auction.id,
    inputDigest,
    intervals: out.intervals,
    bids: out.bids,
    welfare: round(welfare, 6),
    bound: optimal ? round(welfare, 6) : Math.ceil(bound * 1e6) / 1e6,
    optimal,
    paradoxicallyRejected: prb.map((b) => m.blocks[b]!.id),
    stats: sortKeys(stats),
  };
}

/** A block decision set from MIP column values, snapped and repaired to be exactly feasible. */
function fromColumns(m: ClearingModel, cols: BlockColumn[], ratio: Float64Array): Allocation {
  const alloc = new Allocation(m);
  const best = new Float64Array(m.blocks.length);
  const bestStart = new Int32Array(m.blocks.length).fill(-1);
  cols.forEach((c, j) => {
    const r = ratio[j] ?? 0;
    if (r > 1e-7 && r > best[c.block]!) { best[c.block] = r; bestStart[c.block] = c.start; }
  });
  for (let b = 0; b < m.blocks.length; b++) {
    if (bestStart[b]! < 0) continue;
    const mar = m.blocks[b]!.mar;
    let r = best[b]!;
    if (r > 1 - 1e-9) r = 1;
    if (Math.abs(r - mar) < 1e-9) r = mar;
    if (r < mar) continue;
    alloc.set(b, bestStart[b]!, Math.min(1, r));
  }
  // Repair tolerance-sized overloads: shrink (or reject) the last blocks in canonical order.
  for (let b = m.blocks.length - 1; b >= 0; b--) {
    const s = alloc.start[b]!;
    if (s < 0) continue;
    const blk = m.blocks[b]!;
    let excess = 0;
    for (let t = s; t < s + blk.duration; t++) excess = Math.max(excess, alloc.load[t]! - m.surplus[t]!);
    if (excess <= 0) continue;
    const r = alloc.ratio[b]! - excess / blk.mw;
    alloc.set(b, s, r >= blk.mar ? r : 0);
  }
  alloc.reload();
  return alloc;
}

function buildResult(m: ClearingModel, book: Book, alloc: Allocation, price: Float64Array, fill: Float64Array) {
  const T = m.T;
  const ai = new Float64Array(T);
  const mining = new Float64Array(T);
  let welfare = 0;
  const bids: BidResult[] = new Array(m.bids.length);
  m.blocks.forEach((blk, b) => {
    const s = alloc.start[b]!;
    if (s < 0) { bids[blk.bid] = { id: blk.id, accepted: false, ratio: 0 }; return; }
    const r = alloc.ratio[b]!;
    welfare += r * blockValue(m, blk, s);
    const target = blk.isAi ? ai : mining;
    for (let t = s; t < s + blk.duration; t++) target[t]! += r * blk.mw;
    bids[blk.bid] = { id: blk.id, accepted: true, start: s, ratio: round(r, 9) };
  });
  for (const i of m.curveBids) {
    const bid = m.bids[i] as CurveBid;
    const mw: number[] = [];
    let any = false;
    const target = bid.class === 'ai' ? ai : mining;
    for (let t = bid.from; t < bid.to; t++) {
      let q = 0;
      const p = price[t]!;
      for (const step of bid.steps) {
        if (step.price < m.reserve[t]!) continue;
        const take = step.price > p ? step.mw : step.price === p ? step.mw * fill[t]! : 0;
        if (take > 0) { q += take; welfare += take * (step.price - m.reserve[t]!) * m.hours; }
      }
      target[t]! += q;
      if (q > EPS_MW) any = true;
      mw.push(round(q, 6));
    }
    bids[i] = { id: bid.id, accepted: any, mw: any ? mw : [] };
  }
  const intervals = Array.from({ length: T }, (_, t) => ({
    price: round(price[t]!, 6),
    aiMw: round(ai[t]!, 6),
    miningMw: round(mining[t]!, 6),
    unallocatedMw: round(Math.max(0, m.surplus[t]! - ai[t]! - mining[t]!), 6),
  }));
  void book;
  return { intervals, bids, welfare };
}

export function round(x: number, digits: number): number {
  const f = 10 ** digits;
  const r = Math.round(x * f) / f;
  return r === 0 ? 0 : r; // no −0
}

function sortKeys(o: Record<string, number | string>): Record<string, number | string> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
