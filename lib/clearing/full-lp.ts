// One LP of a book's block starts and curve levels, kept in HiGHS between solves: only column
// bounds change (a block rejected, or accepted at one start with its ratio in [MAR, 1]), so the
// dual simplex warm-starts. Used by the exact branch-and-bound (every start, every level) and by
// engine 3's dives (chosen starts, a coarse curve model). Books with groups, links or a firm cap
// take neither path: this LP has only the surplus and one-start rows.
import type { Highs } from 'highs';
import type { BlockColumn } from './master';
import { blockValue, type ClearingModel } from './model';
import { FREE } from './lagrangian';

export interface FullLpSolve {
  ok: boolean;
  infeasible: boolean;
  timeLimit: boolean;
  mu: Float64Array;
  /** ratio per block column (FullLp.columns order) */
  ratio: Float64Array;
  iterations: number;
}

/**
 * The aggregated LP with all the model's curve levels and one column per block start — every
 * start, or the starts `startsOf` names (a block without any is left out: rejected).
 */
export class FullLp {
  readonly columns: BlockColumn[] = [];
  /** first column (in `columns`) of block b; its starts follow in order */
  readonly first: Int32Array;
  private readonly model;
  private readonly levelCols: number;
  private iterationsSoFar = 0;

  constructor(private readonly highs: Highs, private readonly m: ClearingModel, startsOf?: (b: number) => readonly number[]) {
    const T = m.T;
    const nb = m.blocks.length;
    this.first = new Int32Array(nb + 1);
    const cost: number[] = [];
    const upper: number[] = [];
    const lower: number[] = [];
    const starts: number[] = [0];
    const indices: number[] = [];
    const values: number[] = [];
    for (let t = 0; t < T; t++) {
      const cv = m.curves[t]!;
      for (let k = 0; k < cv.mw.length; k++) {
        cost.push(cv.value[k]!); lower.push(0); upper.push(cv.mw[k]!); indices.push(t); values.push(1); starts.push(indices.length);
      }
    }
    this.levelCols = cost.length;
    let rows = T;
    const rowUpper: number[] = Array.from(m.surplus);
    for (let b = 0; b < nb; b++) {
      const blk = m.blocks[b]!;
      this.first[b] = this.columns.length;
      const own = startsOf?.(b) ?? allStarts(blk.earliestStart, blk.latestStart);
      const conv = own.length > 1 ? rows++ : -1;
      if (conv >= 0) rowUpper.push(1);
      for (const s of own) {
        this.columns.push({ block: b, start: s });
        cost.push(blockValue(m, blk, s)); lower.push(0); upper.push(1);
        for (let k = 0; k < blk.duration; k++) { indices.push(s + k); values.push(blk.shape[k]!); }
        if (conv >= 0) { indices.push(conv); values.push(1); }
        starts.push(indices.length);
      }
    }
    this.first[nb] = this.columns.length;
    this.model = highs.createModel({
      numCols: cost.length, numRows: rows, sense: highs.constants.objectiveSense.maximize,
      colCost: cost, colLower: lower, colUpper: upper,
      rowLower: new Array<number>(rows).fill(-highs.infinity), rowUpper,
      matrix: { format: 'csc', numRows: rows, numCols: cost.length, starts, indices, values },
    });
    // Dual simplex straight away: the node LPs only change column bounds, so it warm-starts.
    this.model.options.set({ output_flag: false, presolve: 'off', solver: 'simplex', simplex_strategy: 1 });
  }

  /** Applies a block's domain: FREE (all starts in [0, 1]), REJECTED, or accepted at start s (ratio in [MAR, 1]). */
  setDomain(b: number, dom: number): void {
    const blk = this.m.blocks[b]!;
    for (let j = this.first[b]!; j < this.first[b + 1]!; j++) {
      const s = this.columns[j]!.start;
      const lo = dom === s ? blk.mar : 0;
      const hi = dom === FREE || dom === s ? 1 : 0;
      this.model.changeColBounds(this.levelCols + j, lo, hi);
    }
  }

  solve(timeLimitS: number, iterationLimit: number): FullLpSolve {
    this.model.options.set({ time_limit: Math.max(0.001, timeLimitS), simplex_iteration_limit: Math.max(1, Math.floor(iterationLimit)) });
    // HiGHS measures time_limit against the model's run time summed since its clocks were last
    // reset: without this, a model solved many times would stop early, well before the deadline.
    this.model.zeroAllClocks();
    const run = this.model.run();
    const st = this.highs.constants.modelStatus;
    const total = Number(this.model.info.get('simplex_iteration_count'));
    const iterations = Number.isFinite(total) ? Math.max(0, total - this.iterationsSoFar) : 0;
    if (Number.isFinite(total)) this.iterationsSoFar = total;
    const sol = this.model.getSolution();
    const mu = new Float64Array(this.m.T);
    for (let t = 0; t < this.m.T; t++) mu[t] = Math.max(0, sol.rowDual[t] ?? 0);
    const ratio = new Float64Array(this.columns.length);
    for (let j = 0; j < ratio.length; j++) ratio[j] = sol.colValue[this.levelCols + j] ?? 0;
    return {
      ok: run.modelStatus === st.optimal,
      infeasible: run.modelStatus === st.infeasible,
      timeLimit: run.modelStatus === st.timeLimit,
      mu, ratio, iterations,
    };
  }

  dispose(): void { this.model.dispose(); }
}

/** Every start from `from` to `to`, in order. */
export function allStarts(from: number, to: number): number[] {
  const out: number[] = [];
  for (let s = from; s <= to; s++) out.push(s);
  return out;
}

