// The LP relaxation kept alive in HiGHS between column-generation rounds: new block starts (and a
// one-start row the first time a block gets a second start) are appended, so the simplex
// restarts from the previous basis instead of from scratch.
import type { Highs } from 'highs';
import type { BlockColumn } from './master';
import { blockValue, type ClearingModel } from './model';

export interface LpSolve {
  ok: boolean;
  hitTimeLimit: boolean;
  hitIterationLimit: boolean;
  objective: number;
  mu: Float64Array;
  pi: Float64Array;
  /** ratio per block column, in the order they were added */
  ratio: Float64Array;
  iterations: number;
}

const LOWER = 0;
const BASIC = 1;
const UPPER = 2;

export interface WarmStart {
  blockStatus: Int32Array;
  capStatus: Int32Array;
  convStatus: Int32Array;
  basicLevels: Int32Array;
}

export class RelaxationLp {
  private readonly model;
  private readonly convRow: Int32Array;
  private readonly loneCol: Int32Array;
  private readonly colOfColumn: number[] = [];
  private rows: number;
  private cols = 0;
  private readonly levelCols: number;
  /** interval and mean value of each curve-bucket column */
  private readonly bucketT: Int32Array;
  private readonly bucketValue: Float64Array;

  constructor(private readonly highs: Highs, private readonly m: ClearingModel, buckets: Int32Array[]) {
    const T = m.T;
    this.convRow = new Int32Array(m.blocks.length).fill(-1);
    this.loneCol = new Int32Array(m.blocks.length).fill(-1);
    this.rows = T;
    const cost: number[] = [];
    const upper: number[] = [];
    const starts: number[] = [0];
    const indices: number[] = [];
    const bt: number[] = [];
    for (let t = 0; t < T; t++) {
      const cv = m.curves[t]!;
      const bk = buckets[t]!;
      for (let i = 0; i + 1 < bk.length; i++) {
        const a = bk[i]!;
        const z = bk[i + 1]! - 1;
        const mwSum = cv.cumMw[z]! - (a > 0 ? cv.cumMw[a - 1]! : 0);
        const valSum = cv.cumValue[z]! - (a > 0 ? cv.cumValue[a - 1]! : 0);
        cost.push(mwSum > 0 ? valSum / mwSum : 0);
        bt.push(t);
        upper.push(mwSum);
        indices.push(t);
        starts.push(indices.length);
      }
    }
    this.cols = cost.length;
    this.levelCols = cost.length;
    this.bucketT = Int32Array.from(bt);
    this.bucketValue = Float64Array.from(cost);
    this.model = highs.createModel({
      numCols: cost.length, numRows: T, sense: highs.constants.objectiveSense.maximize,
      colCost: cost, colLower: new Float64Array(cost.length), colUpper: upper,
      rowLower: new Array<number>(T).fill(-highs.infinity), rowUpper: Array.from(m.surplus),
      matrix: { format: 'csc', numRows: T, numCols: cost.length, starts, indices, values: new Array<number>(indices.length).fill(1) },
    });
    this.model.options.set({ output_flag: false, presolve: 'off' });
  }

  add(columns: readonly BlockColumn[]): void {
    for (const c of columns) {
      const b = c.block;
      const blk = this.m.blocks[b]!;
      if (this.loneCol[b]! >= 0 && this.convRow[b]! < 0) {
        this.model.addRow(-this.highs.infinity, 1, { indices: [this.loneCol[b]!], values: [1] });
        this.convRow[b] = this.rows++;
      }
      const idx: number[] = [];
      const val: number[] = [];
      for (let k = 0; k < blk.duration; k++) { idx.push(c.start + k); val.push(blk.shape[k]!); }
      if (this.convRow[b]! >= 0) { idx.push(this.convRow[b]!); val.push(1); }
      this.model.addCol(blockValue(this.m, blk, c.start), 0, 1, { indices: idx, values: val });
      if (this.loneCol[b]! < 0) this.loneCol[b] = this.cols;
      this.colOfColumn.push(this.cols++);
    }
  }

  solve(timeLimitS: number, iterationLimit: number): LpSolve {
    this.model.options.set({ time_limit: Math.max(0.001, timeLimitS), simplex_iteration_limit: Math.max(1, Math.floor(iterationLimit)) });
    const before = Number(this.model.info.get('simplex_iteration_count'));
    // HiGHS measures time_limit against the model's run time summed since its clocks were last
    // reset: without this, a model solved many times would stop early, well before the deadline.
    this.model.zeroAllClocks();
    const run = this.model.run();
    const st = this.highs.constants.modelStatus;
    if (run.modelStatus === st.empty) {
      const none = new Float64Array(this.colOfColumn.length);
      return { ok: true, hitTimeLimit: false, hitIterationLimit: false, objective: 0, mu: new Float64Array(this.m.T), pi: new Float64Array(this.m.blocks.length), ratio: none, iterations: 0 };
    }
    const sol = this.model.getSolution();
    const T = this.m.T;
    const mu = new Float64Array(T);
    for (let t = 0; t < T; t++) mu[t] = Math.max(0, sol.rowDual[t] ?? 0);
    const pi = new Float64Array(this.m.blocks.length);
    this.convRow.forEach((r, b) => {
      if (r >= 0) pi[b] = Math.max(0, sol.rowDual[r] ?? 0);
      else if (this.loneCol[b]! >= 0) pi[b] = Math.max(0, sol.colDual[this.loneCol[b]!] ?? 0);
    });
    const ratio = Float64Array.from(this.colOfColumn, (j) => sol.colValue[j] ?? 0);
    return {
      ok: run.modelStatus === st.optimal,
      hitTimeLimit: run.modelStatus === st.timeLimit,
      hitIterationLimit: run.modelStatus === st.iterationLimit,
      objective: this.model.getObjectiveValue(),
      mu, pi, ratio,
      iterations: Number(this.model.info.get('simplex_iteration_count')) - (Number.isFinite(before) ? before : 0),
    };
  }

  /** The current basis, to warm-start a rebuilt LP with the same block columns. */
  snapshot(): WarmStart {
    const basis = this.model.getBasis();
    const basicLevels = new Int32Array(this.m.T);
    for (let j = 0; j < this.levelCols; j++) if (basis.colStatus[j] === BASIC) basicLevels[this.bucketT[j]!]!++;
    return {
      blockStatus: basis.colStatus.slice(this.levelCols),
      capStatus: basis.rowStatus.slice(0, this.m.T),
      convStatus: basis.rowStatus.slice(this.m.T),
      basicLevels,
    };
  }

  /**
   * Installs a basis built from a previous LP's: block columns and one-start rows keep their
   * statuses; per interval, the bucket columns worth more than μ_t sit at their upper bound, the
   * cheaper ones at zero, and as many as were basic before are basic around the marginal one.
   * Returns false (and leaves HiGHS to start cold) when the result is not a usable basis.
   */
  warmStart(w: WarmStart, mu: Float64Array): boolean {
    const colStatus = new Int32Array(this.cols);
    const rowStatus = new Int32Array(this.rows);
    const T = this.m.T;
    let j = 0;
    for (let t = 0; t < T; t++) {
      const first = j;
      while (j < this.levelCols && this.bucketT[j] === t) j++;
      let k = first;
      while (k < j && this.bucketValue[k]! > mu[t]!) k++;
      for (let q = first; q < j; q++) colStatus[q] = q < k ? UPPER : LOWER;
      // basic ones: the marginal bucket and its neighbours, as many as before
      let need = w.basicLevels[t]!;
      for (let d = 0; need > 0 && d < j - first; d++) {
        for (const q of d === 0 ? [k] : [k - d, k + d]) {
          if (need > 0 && q >= first && q < j && colStatus[q] !== BASIC) { colStatus[q] = BASIC; need--; }
        }
      }
      if (need > 0) return false;
      rowStatus[t] = w.capStatus[t]!;
    }
    const old = w.blockStatus.length;
    for (let q = 0; q < this.cols - this.levelCols; q++) colStatus[this.levelCols + q] = q < old ? w.blockStatus[q]! : LOWER;
    for (let r = T; r < this.rows; r++) rowStatus[r] = r - T < w.convStatus.length ? w.convStatus[r - T]! : BASIC;
    let basic = 0;
    for (const s of colStatus) if (s === BASIC) basic++;
    for (const s of rowStatus) if (s === BASIC) basic++;
    if (basic !== this.rows) return false;
    try {
      this.model.setBasis({ colStatus: colStatus as unknown as Int32Array, rowStatus: rowStatus as unknown as Int32Array });
      return true;
    } catch {
      return false;
    }
  }

  dispose(): void { this.model.dispose(); }
}
