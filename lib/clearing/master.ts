// The aggregated model handed to HiGHS: one continuous column per (interval, curve level), and per
// block start either an LP column (relaxation) or the MIP pair binary y / ratio ρ with
// MAR·y ≤ ρ ≤ y (a single binary when MAR = 1). Rows: capacity per interval, one start per block.
import type { Highs } from 'highs';
import { blockValue, type ClearingModel } from './model';

export interface BlockColumn { block: number; start: number }

export interface MasterSolution {
  status: number;
  /** status is optimal */
  solved: boolean;
  /** ratio per block column (x in the LP, ρ in the MIP) */
  columnRatio: Float64Array;
  /** capacity-row duals (LP only) */
  mu: Float64Array;
  /** firm-capacity-row duals (LP only; 0 where the interval has no firm row) */
  nu: Float64Array;
  /** convexity-row dual per block (LP only; 0 for blocks without columns) */
  pi: Float64Array;
  objective: number;
  /** HiGHS' proven dual bound (MIP only) */
  dualBound: number;
  nodes: number;
  iterations: number;
  hitTimeLimit: boolean;
}

export interface MasterOptions {
  integer: boolean;
  timeLimitS: number;
  maxNodes?: number;
  /** extra HiGHS options */
  extra?: Record<string, string | number | boolean>;
  /** a feasible start: ratio per column (MIP only) */
  start?: Float64Array;
}

export function solveMaster(highs: Highs, m: ClearingModel, cols: BlockColumn[], opt: MasterOptions): MasterSolution {
  const T = m.T;
  // A one-start-per-block row only for blocks with several candidate starts (the column's own
  // upper bound 1 does the job otherwise): fewer rows, much faster simplex.
  const count = new Int32Array(m.blocks.length);
  for (const c of cols) count[c.block]!++;
  const convRow = new Int32Array(m.blocks.length).fill(-1);
  let rows = T;
  for (const c of cols) if (convRow[c.block]! < 0 && count[c.block]! > 1) convRow[c.block] = rows++;
  const conv = (b: number): [number, number][] => (convRow[b]! >= 0 ? [[convRow[b]!, 1]] : []);
  const linkRow = new Int32Array(cols.length).fill(-1);
  if (opt.integer) {
    cols.forEach((c, j) => {
      if (m.blocks[c.block]!.mar < 1) { linkRow[j] = rows; rows += 2; }
    });
  }

  // Extended books (SPEC §1): a row per exclusive group (Σ uses ≤ 1), per child (its uses ≤ its
  // parent's) and per interval with a firm cap (firm MW ≤ firmMw).
  const groupRow = m.groups.map(() => rows++);
  const childRow = new Int32Array(m.blocks.length).fill(-1);
  m.blocks.forEach((blk, b) => { if (blk.parent >= 0) childRow[b] = rows++; });
  const firmRow = new Int32Array(T).fill(-1);
  if (m.hasFirm) for (let t = 0; t < T; t++) if (m.firmCap[t]! < m.surplus[t]!) firmRow[t] = rows++;
  /** the rows a column that "uses" block b (its binary, or its ratio when it has none) enters */
  const useRows = (b: number): [number, number][] => {
    const blk = m.blocks[b]!;
    const out: [number, number][] = [];
    if (blk.group >= 0) out.push([groupRow[blk.group]!, 1]);
    if (childRow[b]! >= 0) out.push([childRow[b]!, 1]);
    for (const c of blk.children) out.push([childRow[c]!, -1]);
    return out;
  };
  const cost: number[] = [];
  const lower: number[] = [];
  const upper: number[] = [];
  const integrality: number[] = [];
  const starts: number[] = [0];
  const indices: number[] = [];
  const values: number[] = [];
  const push = (c: number, ub: number, int: boolean, entries: [number, number][]) => {
    cost.push(c); lower.push(0); upper.push(ub); integrality.push(int ? 1 : 0);
    for (const [r, v] of entries) { indices.push(r); values.push(v); }
    starts.push(indices.length);
  };
  for (let t = 0; t < T; t++) {
    if (m.firmCurves) {
      const ic = m.intCurves![t]!;
      const fc = m.firmCurves[t]!;
      for (let k = 0; k < ic.mw.length; k++) push(ic.value[k]!, ic.mw[k]!, false, [[t, 1]]);
      for (let k = 0; k < fc.mw.length; k++) push(fc.value[k]!, fc.mw[k]!, false, firmRow[t]! >= 0 ? [[t, 1], [firmRow[t]!, 1]] : [[t, 1]]);
      continue;
    }
    const cv = m.curves[t]!;
    for (let k = 0; k < cv.mw.length; k++) push(cv.value[k]!, cv.mw[k]!, false, [[t, 1]]);
  }
  const ratioCol = new Int32Array(cols.length);
  cols.forEach((c, j) => {
    const blk = m.blocks[c.block]!;
    const cap: [number, number][] = [];
    for (let k = 0; k < blk.duration; k++) cap.push([c.start + k, blk.shape[k]!]);
    if (m.hasFirm && blk.firm) for (let k = 0; k < blk.duration; k++) if (firmRow[c.start + k]! >= 0) cap.push([firmRow[c.start + k]!, blk.shape[k]!]);
    const value = blockValue(m, blk, c.start);
    ratioCol[j] = cost.length;
    const uses = useRows(c.block);
    if (!opt.integer) {
      push(value, 1, false, [...cap, ...conv(c.block), ...uses]);
    } else if (linkRow[j]! < 0) {
      push(value, 1, true, [...cap, ...conv(c.block), ...uses]);
    } else {
      const l = linkRow[j]!;
      push(value, 1, false, [...cap, [l, 1], [l + 1, -1]]); // ρ
      push(0, 1, true, [...conv(c.block), [l, -1], [l + 1, blk.mar], ...uses]); // y
    }
  });
  const rowLower = new Array<number>(rows).fill(-highs.infinity);
  const rowUpper = new Array<number>(rows).fill(0);
  for (let t = 0; t < T; t++) rowUpper[t] = m.surplus[t]!;
  for (const r of convRow) if (r >= 0) rowUpper[r] = 1;
  for (const r of groupRow) rowUpper[r] = 1;
  for (let t = 0; t < T; t++) if (firmRow[t]! >= 0) rowUpper[firmRow[t]!] = m.firmCap[t]!;

  const model = highs.createModel({
    numCols: cost.length, numRows: rows, sense: highs.constants.objectiveSense.maximize,
    colCost: cost, colLower: lower, colUpper: upper, rowLower, rowUpper,
    matrix: { format: 'csc', numRows: rows, numCols: cost.length, starts, indices, values },
    ...(opt.integer ? { integrality: integrality as (0 | 1)[] } : {}),
  });
  try {
    model.options.set({
      output_flag: false,
      time_limit: Math.max(0.001, opt.timeLimitS),
      ...(opt.integer ? {} : { presolve: 'off' }),
      ...opt.extra,
      ...(opt.integer ? { mip_rel_gap: 0, mip_abs_gap: 1e-7, mip_max_nodes: opt.maxNodes ?? 2_000_000_000 } : {}),
    });
    if (opt.integer && opt.start && !m.firmCurves) {
      const colValue = new Float64Array(cost.length).fill(0);
      const load = new Float64Array(T);
      cols.forEach((c, j) => {
        const r = opt.start![j]!;
        colValue[ratioCol[j]!] = r;
        if (linkRow[j]! >= 0) colValue[ratioCol[j]! + 1] = r > 0 ? 1 : 0;
        const blk = m.blocks[c.block]!;
        for (let k = 0; k < blk.duration; k++) load[c.start + k]! += r * blk.shape[k]!;
      });
      // curves take what the blocks leave, from the top
      let q = 0;
      for (let t = 0; t < T; t++) {
        let cap = Math.max(0, m.surplus[t]! - load[t]!);
        const cv = m.curves[t]!;
        for (let k = 0; k < cv.mw.length; k++, q++) {
          const take = Math.min(cap, cv.mw[k]!);
          colValue[q] = take;
          cap -= take;
        }
      }
      model.setSolution({ colValue });
    }
    const run = model.run();
    const st = highs.constants.modelStatus;
    const sol = model.getSolution();
    const columnRatio = new Float64Array(cols.length);
    cols.forEach((_, j) => { columnRatio[j] = sol.colValue[ratioCol[j]!] ?? 0; });
    const mu = new Float64Array(T);
    const nu = new Float64Array(T);
    const pi = new Float64Array(m.blocks.length);
    if (!opt.integer) {
      for (let t = 0; t < T; t++) mu[t] = Math.max(0, sol.rowDual[t] ?? 0);
      for (let t = 0; t < T; t++) if (firmRow[t]! >= 0) nu[t] = Math.max(0, sol.rowDual[firmRow[t]!] ?? 0);
      convRow.forEach((r, b) => { if (r >= 0) pi[b] = Math.max(0, sol.rowDual[r] ?? 0); });
      // a lone column's upper-bound dual plays the role of its block's row dual
      cols.forEach((c, j) => { if (convRow[c.block]! < 0) pi[c.block] = Math.max(0, sol.colDual[ratioCol[j]!] ?? 0); });
    }
    const info = (name: string): number => {
      try { return Number(model.info.get(name)); } catch { return 0; }
    };
    const hasPrimal = info('primal_solution_status') === 2;
    return {
      status: run.modelStatus,
      solved: run.modelStatus === st.optimal,
      columnRatio: hasPrimal ? columnRatio : new Float64Array(cols.length),
      mu, nu, pi,
      objective: hasPrimal ? model.getObjectiveValue() : -Infinity,
      dualBound: opt.integer ? info('mip_dual_bound') : Infinity,
      nodes: opt.integer ? info('mip_node_count') : 0,
      iterations: info('simplex_iteration_count') + (opt.integer ? info('mip_total_lp_iterations') : 0),
      hitTimeLimit: run.modelStatus === st.timeLimit,
    };
  } finally {
    model.dispose();
  }
}
