// Clears a validated book: relaxation bound, primal allocation (exact MIP when the aggregated
// model is small), uniform prices with paradoxically accepted blocks removed, the result file.
import type { Book } from '../../schemas/book';
import { RESULT_FORMAT, type ClearingResult } from '../../schemas/result';
import { Allocation, allocationFromColumns } from './allocation';
import { branchAndBound } from './branch-and-bound';
import { FullLp } from './full-lp';
import { bookDigest } from './canonical';
import { solveRelaxation } from './column-generation';
import { loadHighs } from './highs-runtime';
import { solveMaster, type BlockColumn } from './master';
import { buildModel } from './model';
import { CURRENT_ENGINE, engineGeneration, type EngineVersion } from './engine-version';
import { publishV1, publishV2, round } from './publish-result';
import { buildPrimal } from './primal';
import { lagrangianBound } from './lagrangian';
import { refineFeaturedBound } from './featured-bound';
import { neighbourhoodMip, solveFeaturedLp } from './featured-lp';
import { diveForBetter } from './lp-dive';
import { computePrices, paradoxicallyRejected, removeParadoxicallyAccepted } from './pricing';
import { bidReasons } from './reasons';
import { indexedPrice, pricedBook } from './indexed-price';

export interface ClearOptions {
  /** wall-clock safety net; deterministic work budgets normally stop the search first */
  timeLimitMs?: number;
  /** add stats.solveMs (makes the output differ between runs) */
  timings?: boolean;
  /** the engine version to run (default: the current one); a result replays only with its own */
  engine?: EngineVersion;
  /**
   * Awaited between the engine's phases (none of which runs longer than ~10 s on the largest
   * benchmark book), so the caller's event loop can run, e.g. a lease heartbeat. It cannot change
   * the result; a throw aborts the solve.
   */
  checkpoint?: () => Promise<void>;
}

export const DEFAULT_TIME_LIMIT_MS = 60_000;
/** Deterministic budgets (docs/clearing.md). */
export const MIP_MAX_STARTS = 6_000;
export const MIP_MAX_LEVELS = 40_000;
export const MIP_MAX_NODES = 20_000;
/**
 * Branch-and-bound budgets (nodes, node LPs, simplex iterations over all node LPs). Books that need
 * more (a large integrality gap) go on to HiGHS' MIP, whose cuts close such gaps in few nodes.
 */
export const BB_MAX_NODES = 1_000;
/** Subgradient steps on the extended Lagrangian of books with groups, links or a firm cap. */
export const FEATURED_BOUND_STEPS = 200;
export const BB_MAX_LP_SOLVES = 40;
/** Engine 3 dives on the LP (lp-dive.ts) only while the relative gap exceeds this: easy books keep their path. */
export const DIVE_MIN_GAP = 1e-4;
export const BB_MAX_ITERATIONS = 200_000;
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
  const engine = options.engine ?? CURRENT_ENGINE;
  const generation = engineGeneration(engine);
  const deadline = t0 + (options.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS);
  const checkpoint = options.checkpoint ?? (async () => undefined);
  // Unpriced indexed steps (no index value) take no part; the published book keeps them.
  const m = buildModel(pricedBook(book));
  await checkpoint();
  const stats: Record<string, number | string> = { steps: m.stepCount, curveLevels: m.levelCount, blocks: m.blocks.length };
  let alloc = new Allocation(m);
  let bound = Infinity;
  let stoppedBy: StoppedBy = 'optimal';
  let method = 'curves-only';

  if (m.blocks.length === 0) {
    bound = alloc.welfare(); // curves alone: filling from the top is optimal
  } else {
    method = 'lagrangian';
    const highs = await loadHighs();
    let starts = 0;
    for (const b of m.blocks) starts += b.latestStart - b.earliestStart + 1;
    const small = starts <= MIP_MAX_STARTS && m.levelCount <= MIP_MAX_LEVELS;
    let exact: { lp: FullLp; mu: Float64Array } | undefined;
    if (small && !m.featured) {
      // Small enough for one LP with every start and every level: solve it directly (no column
      // generation), then branch and bound on it.
      const lp = new FullLp(highs, m);
      const root = lp.solve((deadline - performance.now()) / 1000, BB_MAX_ITERATIONS);
      await checkpoint();
      if (root.ok) {
        exact = { lp, mu: root.mu };
        bound = lagrangianBound(m, root.mu);
        Object.assign(stats, { lpSolves: 1, lpIterations: root.iterations, columns: lp.columns.length });
        const primal = buildPrimal(m, root.mu, lp.columns, root.ratio, bound);
        alloc = primal.alloc;
        Object.assign(stats, { heuristicMoves: primal.stats.moves, heuristicEvaluations: primal.stats.evaluations });
        stoppedBy = 'converged';
      } else {
        lp.dispose();
      }
    }
    if (!exact) {
      const relax = solveRelaxation(highs, m, deadline);
      await checkpoint();
      bound = relax.bound;
      Object.assign(stats, { lpSolves: relax.lpSolves, lpIterations: relax.iterations, columns: relax.columns.length });
      // Featured books (groups, links, firm cap): the LP with their rows guides the primal instead.
      const lp = m.featured ? solveFeaturedLp(highs, m, relax.columns, deadline) : undefined;
      const primal = lp ? buildPrimal(m, lp.mu, lp.columns, lp.ratio, bound) : buildPrimal(m, relax.mu, relax.columns, relax.lpRatio, bound);
      alloc = primal.alloc;
      Object.assign(stats, { heuristicMoves: primal.stats.moves, heuristicEvaluations: primal.stats.evaluations });
      stoppedBy = relax.stoppedBy;
      // Engine 3: where the gap stays open (block competition), dive on the LP for other block decisions.
      if (generation >= 3 && !m.featured && bound - alloc.welfare() > DIVE_MIN_GAP * Math.max(1, Math.abs(bound))) {
        const dived = await diveForBetter(highs, m, relax, alloc, bound, DIVE_MIN_GAP, deadline, checkpoint);
        Object.assign(stats, { dives: dived.dives, diveLpSolves: dived.lpSolves, diveLpIterations: dived.iterations });
        stats.heuristicEvaluations = Number(stats.heuristicEvaluations) + dived.evaluations;
        alloc = dived.alloc;
        if (dived.timedOut) stoppedBy = 'time-limit';
      }
      if (m.featured) {
        if (lp) {
          Object.assign(stats, { featuredLpSolves: lp.lpSolves, featuredLpIterations: lp.iterations });
          const rins = neighbourhoodMip(highs, m, lp, deadline);
          if (rins) {
            Object.assign(stats, { rinsNodes: rins.nodes, rinsLpIterations: rins.iterations, rinsColumns: rins.columns.length });
            const candidate = allocationFromColumns(m, rins.columns, rins.ratio);
            if (candidate.welfare() > alloc.welfare()) alloc = candidate;
          }
        }
        // The relaxation's bound ignores groups, links and the firm cap (still a bound, but loose):
        // the extended Lagrangian keeps them, descended from the relaxation's μ and the featured LP's (μ, ν).
        const target = alloc.welfare();
        let refined = refineFeaturedBound(m, relax.mu, target, FEATURED_BOUND_STEPS).bound;
        if (lp) refined = Math.min(refined, refineFeaturedBound(m, lp.mu, target, FEATURED_BOUND_STEPS, lp.nu).bound);
        bound = Math.min(bound, refined);
        stats.featuredBound = 1;
      }
    }

    await checkpoint();
    let gapOpen = bound - alloc.welfare() > OPTIMAL_REL * Math.max(1, Math.abs(bound));
    if (exact) {
      try {
        if (gapOpen && performance.now() < deadline) {
          method = 'branch-and-bound';
          const bb = branchAndBound(exact.lp, m, alloc, exact.mu, bound, { deadline, maxNodes: BB_MAX_NODES, maxLpSolves: BB_MAX_LP_SOLVES, maxIterations: BB_MAX_ITERATIONS });
          Object.assign(stats, { bbNodes: bb.nodes, bbLpSolves: bb.lpSolves, bbLpIterations: bb.iterations });
          alloc = bb.alloc;
          bound = Math.min(bound, bb.bound);
          stoppedBy = bb.stoppedBy;
          gapOpen = !bb.complete && bound - alloc.welfare() > OPTIMAL_REL * Math.max(1, Math.abs(bound));
        }
      } finally {
        exact.lp.dispose();
      }
    }
    await checkpoint();
    if (gapOpen && small && performance.now() < deadline) {
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
      const candidate = allocationFromColumns(m, cols, sol.columnRatio);
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
  await checkpoint();

  const pricing = book.auction.pricing;
  let prices;
  if (pricing === 'uniform') {
    const pab = removeParadoxicallyAccepted(m, alloc);
    prices = pab.prices;
    stats.paradoxicallyAcceptedRemoved = pab.removed;
  } else {
    prices = computePrices(m, alloc);
  }
  const prb = pricing === 'uniform' ? paradoxicallyRejected(m, alloc, prices) : [];

  const out = (generation >= 2 ? publishV2 : publishV1)(m, alloc, prices);
  const welfare = out.welfare;
  if (bound < welfare) bound = welfare; // HiGHS' dual bound carries its own tolerance (1e-7)
  const optimal = bound - welfare <= OPTIMAL_REL * Math.max(1, Math.abs(bound));
  if (!optimal && stoppedBy === 'optimal') stoppedBy = 'converged';
  stats.stoppedBy = stoppedBy;
  const inputDigest = bookDigest(book);
  if (generation >= 2) stats.engine = engine; // version 1 results predate the field
  if (options.timings) stats.solveMs = round(performance.now() - t0, 3);

  const result: ClearingResult = {
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
  if (generation < 2) return result; // version 1 results carry no reasons
  const reasons = bidReasons(book, result);
  const stepPrices = indexedStepPrices(book);
  return { ...result, bids: result.bids.map((b) => ({ ...b, ...stepPricesOf(stepPrices, b.id), ...reasons.get(b.id) })) };
}

/** Curve bids with an indexed step whose index has a value: every step's effective price. */
function indexedStepPrices(book: Book): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const b of book.bids) {
    if (b.type === 'curve' && b.steps.some((s) => s.index && indexedPrice(s.index, book.indices) !== undefined)) out.set(b.id, b.steps.map((s) => s.price));
  }
  return out;
}

const stepPricesOf = (all: Map<string, number[]>, id: string) => {
  const stepPrices = all.get(id);
  return stepPrices ? { stepPrices } : {};
};

function sortKeys(o: Record<string, number | string>): Record<string, number | string> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
