// Block decisions and the exact welfare effect of changing one of them. Curves always take the
// capacity the blocks leave, filled from the highest price down, so a block decision set fully
// determines the allocation and its welfare.
import { blockValue, curveWelfare, EPS_MW, marginalValue, type ClearingModel } from './model';

export class Allocation {
  readonly start: Int32Array;
  readonly ratio: Float64Array;
  readonly load: Float64Array;

  constructor(readonly m: ClearingModel) {
    this.start = new Int32Array(m.blocks.length).fill(-1);
    this.ratio = new Float64Array(m.blocks.length);
    this.load = new Float64Array(m.T);
  }

  clone(): Allocation {
    const a = new Allocation(this.m);
    a.start.set(this.start); a.ratio.set(this.ratio); a.load.set(this.load);
    return a;
  }

  set(b: number, start: number, ratio: number): void {
    const blk = this.m.blocks[b]!;
    if (this.start[b]! >= 0) {
      const r = this.ratio[b]! * blk.mw;
      for (let t = this.start[b]!; t < this.start[b]! + blk.duration; t++) this.load[t]! -= r;
    }
    if (ratio <= 0) { this.start[b] = -1; this.ratio[b] = 0; return; }
    this.start[b] = start; this.ratio[b] = ratio;
    for (let t = start; t < start + blk.duration; t++) this.load[t]! += ratio * blk.mw;
  }

  /** Largest ratio block b fits at `start` given the other blocks (curves give way). */
  room(b: number, start: number): number {
    const blk = this.m.blocks[b]!;
    let free = Infinity;
    for (let t = start; t < start + blk.duration; t++) free = Math.min(free, this.m.surplus[t]! - this.load[t]!);
    return Math.min(1, Math.max(0, free / blk.mw));
  }

  /** Welfare change of adding block b (currently rejected) at start with ratio. */
  gainAdd(b: number, start: number, ratio: number): number {
    const m = this.m;
    const blk = m.blocks[b]!;
    let loss = 0;
    const q = ratio * blk.mw;
    for (let t = start; t < start + blk.duration; t++) {
      const cap = m.surplus[t]! - this.load[t]!;
      const c = m.curves[t]!;
      loss += curveWelfare(c, cap) - curveWelfare(c, cap - q);
    }
    return ratio * blockValue(m, blk, start) - loss;
  }

  /** Best ratio for adding block b at start: the concave gain is maximised by bisection on its slope. */
  bestAdd(b: number, start: number): { ratio: number; gain: number } {
    const m = this.m;
    const blk = m.blocks[b]!;
    const hi = this.room(b, start);
    if (hi + EPS_MW < blk.mar || hi <= 0) return { ratio: 0, gain: -Infinity };
    const value = blockValue(m, blk, start);
    if (value <= 0) return { ratio: 0, gain: -Infinity };
    const slope = (r: number): number => {
      let s = value;
      for (let t = start; t < start + blk.duration; t++) s -= blk.mw * marginalValue(m.curves[t]!, m.surplus[t]! - this.load[t]! - r * blk.mw);
      return s;
    };
    const lo = Math.min(blk.mar, hi);
    let r: number;
    if (slope(hi) >= 0) r = hi;
    else if (slope(lo) <= 0) r = lo;
    else {
      let a = lo;
      let z = hi;
      for (let i = 0; i < 40 && z - a > 1e-12; i++) {
        const mid = (a + z) / 2;
        if (slope(mid) > 0) a = mid; else z = mid;
      }
      r = a;
    }
    return { ratio: r, gain: this.gainAdd(b, start, r) };
  }

  welfare(): number {
    const m = this.m;
    let w = 0;
    for (let b = 0; b < m.blocks.length; b++) {
      if (this.start[b]! >= 0) w += this.ratio[b]! * blockValue(m, m.blocks[b]!, this.start[b]!);
    }
    for (let t = 0; t < m.T; t++) w += curveWelfare(m.curves[t]!, m.surplus[t]! - this.load[t]!);
    return w;
  }

  /** Recomputes loads from scratch (after many incremental updates) to shed rounding drift. */
  reload(): void {
    this.load.fill(0);
    for (let b = 0; b < this.m.blocks.length; b++) {
      const s = this.start[b]!;
      if (s < 0) continue;
      const blk = this.m.blocks[b]!;
      for (let t = s; t < s + blk.duration; t++) this.load[t]! += this.ratio[b]! * blk.mw;
    }
  }
}
