// The naive formulation the issue compares against: one continuous variable per curve step per
// interval (no aggregation, no pruning), and per block start a binary y with a ratio ρ,
// MAR·y ≤ ρ ≤ y, Σ_starts y ≤ 1 — solved by HiGHS with its default MIP settings.
import type { Highs } from 'highs';
import type { Book } from '../schemas/book';
import { blockMwAt } from '../schemas/block-shape';

export interface NaiveResult { ms: number; welfare: number; dualBound: number; status: string; capped: boolean; cols: number; rows: number }

export function solveNaive(highs: Highs, book: Book, timeLimitS: number): NaiveResult {
  const T = book.intervals.length;
  const h = book.auction.intervalMinutes / 60;
  const cost: number[] = [];
  const upper: number[] = [];
  const integrality: (0 | 1)[] = [];
  const starts: number[] = [0];
  const indices: number[] = [];
  const values: number[] = [];
  let rows = T;
  const rowUpper: number[] = book.intervals.map((i) => i.surplusMw);
  const col = (c: number, ub: number, int: boolean, entries: [number, number][]) => {
    cost.push(c); upper.push(ub); integrality.push(int ? 1 : 0);
    for (const [r, v] of entries) { indices.push(r); values.push(v); }
    starts.push(indices.length);
  };
  for (const bid of book.bids) {
    if (bid.type === 'curve') {
      for (const step of bid.steps) {
        for (let t = bid.from; t < bid.to; t++) {
          const r = book.intervals[t]!.reservePrice;
          col((step.price - r) * h, step.price >= r ? step.mw : 0, false, [[t, 1]]);
        }
      }
    } else {
      const conv = rows++;
      rowUpper.push(1);
      for (let s = bid.earliestStart; s <= bid.latestStart; s++) {
        const link = rows;
        rows += 2;
        rowUpper.push(0, 0);
        let v = 0;
        const cap: [number, number][] = [];
        for (let t = s; t < s + bid.duration; t++) { const q = blockMwAt(bid, t - s); v += q * (bid.price - book.intervals[t]!.reservePrice) * h; cap.push([t, q]); }
        col(v, 1, false, [...cap, [link, 1], [link + 1, -1]]); // ρ: ρ − y ≤ 0, MAR·y − ρ ≤ 0
        col(0, 1, true, [[conv, 1], [link, -1], [link + 1, bid.minAcceptanceRatio]]); // y
      }
    }
  }
  const t0 = performance.now();
  const model = highs.createModel({
    numCols: cost.length, numRows: rows, sense: highs.constants.objectiveSense.maximize,
    colCost: cost, colLower: new Float64Array(cost.length), colUpper: upper,
    rowLower: new Array<number>(rows).fill(-highs.infinity), rowUpper,
    matrix: { format: 'csc', numRows: rows, numCols: cost.length, starts, indices, values }, integrality,
  });
  try {
    model.options.set({ output_flag: false, time_limit: timeLimitS });
    const run = model.run();
    const ms = performance.now() - t0;
    const st = highs.constants.modelStatus;
    const status = Object.entries(st).find(([, v]) => v === run.modelStatus)?.[0] ?? String(run.modelStatus);
    let welfare = NaN;
    try { welfare = model.getObjectiveValue(); } catch { /* no incumbent */ }
    return { ms, welfare, dualBound: Number(model.info.get('mip_dual_bound')), status, capped: run.modelStatus === st.timeLimit, cols: cost.length, rows };
  } finally {
    model.dispose();
  }
}
