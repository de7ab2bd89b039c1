// Block decisions and the exact welfare effect of changing one of them. Curves always take the
// capacity the blocks leave, filled from the highest price down, so a block decision set fully
// determines the allocation and its welfare. Exclusive groups and links (SPEC §1) are kept by
// `canPlace`; firm blocks also use firm capacity (`firmLoad`).
import type { BlockColumn } from './master';
import { curveWelfareAt } from './firm-curves';
import { blockValue, curveWelfare, EPS_MW, marginalValue, type ClearingModel } from './model';

export class Allocation {
  readonly start: Int32Array;
  readonly ratio: Float64Array;
  readonly load: Float64Array;
  /** firm block MW per interval (only tracked when the book has a firm cap) */
  readonly firmLoad: Float64Array;

  /** with firm curves: each interval's curve welfare at the current loads (NaN = stale), since the two-cap fill is the costly part of a move's gain */
  private readonly curveNow: Float64Array;

  constructor(readonly m: ClearingModel) {
    this.curveNow = new Float64Array(m.firmCurves ? m.T : 0).fill(NaN);
    this.start = new Int32Array(m.blocks.length).fill(-1);
    this.ratio = new Float64Array(m.blocks.length);
    this.load = new Float64Array(m.T);
    this.firmLoad = new Float64Array(m.T);
  }

  clone(): Allocation {
    const a = new Allocation(this.m);
    a.start.set(this.start); a.ratio.set(this.ratio); a.load.set(this.load); a.firmLoad.set(this.firmLoad); a.curveNow.set(this.curveNow);
    return a;
  }

  private add(b: number, start: number, ratio: number): void {
    const blk = this.m.blocks[b]!;
    const firm = this.m.hasFirm && blk.firm;
    for (let k = 0; k < blk.duration; k++) {
      this.load[start + k]! += ratio * blk.shape[k]!;
      if (firm) this.firmLoad[start + k]! += ratio * blk.shape[k]!;
    }
    if (this.curveNow.length > 0) this.curveNow.fill(NaN, start, start + blk.duration);
  }

  private curveAt(t: number): number {
    let w = this.curveNow[t]!;
    if (Number.isNaN(w)) w = this.curveNow[t] = curveWelfareAt(this.m, t, this.load[t]!, this.firmLoad[t]!);
    return w;
  }

  set(b: number, start: number, ratio: number): void {
    if (this.start[b]! >= 0) this.add(b, this.start[b]!, -this.ratio[b]!);
    if (ratio <= 0) { this.start[b] = -1; this.ratio[b] = 0; return; }
    this.start[b] = start; this.ratio[b] = ratio;
    this.add(b, start, ratio);
  }

  /** Whether block b may be accepted beside the others: no other member of its group accepted, its parent accepted. */
  canPlace(b: number): boolean {
    const blk = this.m.blocks[b]!;
    if (blk.parent >= 0 && this.start[blk.parent]! < 0) return false;
    if (blk.group >= 0) for (const o of this.m.groups[blk.group]!) if (o !== b && this.start[o]! >= 0) return false;
    return true;
  }

  /** Largest ratio block b fits at `start` given the other blocks (curves give way). */
  room(b: number, start: number): number {
    const m = this.m;
    const blk = m.blocks[b]!;
    const firm = m.hasFirm && blk.firm;
    if (!blk.profiled && !firm) {
      let free = Infinity;
      for (let t = start; t < start + blk.duration; t++) free = Math.min(free, m.surplus[t]! - this.load[t]!);
      return Math.min(1, Math.max(0, free / blk.mw));
    }
    let r = 1;
    for (let k = 0; k < blk.duration; k++) {
      const t = start + k;
      const q = blk.shape[k]!;
      r = Math.min(r, (m.surplus[t]! - this.load[t]!) / q);
      if (firm) r = Math.min(r, (m.firmCap[t]! - this.firmLoad[t]!) / q);
    }
    return Math.max(0, r);
  }

  /** Welfare change of adding block b (currently rejected) at start with ratio. */
  gainAdd(b: number, start: number, ratio: number): number {
    const m = this.m;
    const blk = m.blocks[b]!;
    let loss = 0;
    if (!m.firmCurves) {
      for (let k = 0; k < blk.duration; k++) {
        const t = start + k;
        const cap = m.surplus[t]! - this.load[t]!;
        const c = m.curves[t]!;
        loss += curveWelfare(c, cap) - curveWelfare(c, cap - ratio * blk.shape[k]!);
      }
    } else {
      const firm = blk.firm ? 1 : 0;
      for (let k = 0; k < blk.duration; k++) {
        const t = start + k;
        const q = ratio * blk.shape[k]!;
        loss += this.curveAt(t) - curveWelfareAt(m, t, this.load[t]! + q, this.firmLoad[t]! + firm * q);
      }
    }
    return ratio * blockValue(m, blk, start) - loss;
  }

  /** Best ratio for adding block b at start: the concave gain is maximised by bisection on its slope. */
  bestAdd(b: number, start: number): { ratio: number; gain: number } {
    const m = this.m;
    const blk = m.blocks[b]!;
    if (!this.canPlace(b)) return { ratio: 0, gain: -Infinity };
    const hi = this.room(b, start);
    if (hi + EPS_MW < blk.mar || hi <= 0) return { ratio: 0, gain: -Infinity };
    const value = blockValue(m, blk, start);
    if (value <= 0) return { ratio: 0, gain: -Infinity };
    const lo = Math.min(blk.mar, hi);
    if (m.firmCurves) return this.goldenAdd(b, start, lo, hi);
    const slope = (r: number): number => {
      let s = value;
      for (let k = 0; k < blk.duration; k++) {
        const t = start + k;
        s -= blk.shape[k]! * marginalValue(m.curves[t]!, m.surplus[t]! - this.load[t]! - r * blk.shape[k]!);
      }
      return s;
    };
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

  /**
   * bestAdd with firm curves present: the gain is concave in the ratio, so a slope test at each end
   * settles most blocks in two evaluations; otherwise a golden-section search (one new evaluation
   * per step) narrows [lo, hi] to 1e-6 of its width.
   */
  private goldenAdd(b: number, start: number, lo: number, hi: number): { ratio: number; gain: number } {
    const g = (r: number) => this.gainAdd(b, start, r);
    const gHi = g(hi);
    if (hi - lo <= 1e-12) return { ratio: hi, gain: gHi };
    const d = 1e-6 * (hi - lo);
    if (gHi >= g(hi - d)) return { ratio: hi, gain: gHi };
    const gLo = g(lo);
    if (gLo >= g(lo + d)) return { ratio: lo, gain: gLo };
    const phi = (Math.sqrt(5) - 1) / 2;
    let a = lo;
    let z = hi;
    let x1 = z - phi * (z - a);
    let x2 = a + phi * (z - a);
    let g1 = g(x1);
    let g2 = g(x2);
    for (let i = 0; i < 30 && z - a > d; i++) {
      if (g1 < g2) { a = x1; x1 = x2; g1 = g2; x2 = a + phi * (z - a); g2 = g(x2); }
      else { z = x2; x2 = x1; g2 = g1; x1 = z - phi * (z - a); g1 = g(x1); }
    }
    let best = g1 >= g2 ? { ratio: x1, gain: g1 } : { ratio: x2, gain: g2 };
    if (gHi > best.gain) best = { ratio: hi, gain: gHi };
    if (gLo > best.gain) best = { ratio: lo, gain: gLo };
    return best;
  }

  welfare(): number {
    const m = this.m;
    let w = 0;
    for (let b = 0; b < m.blocks.length; b++) {
      if (this.start[b]! >= 0) w += this.ratio[b]! * blockValue(m, m.blocks[b]!, this.start[b]!);
    }
    for (let t = 0; t < m.T; t++) w += curveWelfareAt(m, t, this.load[t]!, this.firmLoad[t]!);
    return w;
  }

  /** Recomputes loads from scratch (after many incremental updates) to shed rounding drift. */
  reload(): void {
    this.curveNow.fill(NaN);
    this.load.fill(0);
    this.firmLoad.fill(0);
    for (let b = 0; b < this.m.blocks.length; b++) {
      const s = this.start[b]!;
      if (s >= 0) this.add(b, s, this.ratio[b]!);
    }
  }
}

/** A block decision set from MIP column values, snapped and repaired to be exactly feasible. */
export function allocationFromColumns(m: ClearingModel, cols: readonly BlockColumn[], ratio: Float64Array): Allocation {
  const alloc = new Allocation(m);
  const best = new Float64Array(m.blocks.length);
  const bestStart = new Int32Array(m.blocks.length).fill(-1);
  cols.forEach((c, j) => {
    const r = ratio[j] ?? 0;
    if (r > 1e-7 && r > best[c.block]!) { best[c.block] = r; bestStart[c.block] = c.start; }
  });
  // Parents before their children, so that a child is placed only beside its parent.
  const order = m.featured ? [...m.blocks.keys()].sort((a, b) => (m.blocks[a]!.parent >= 0 ? 1 : 0) - (m.blocks[b]!.parent >= 0 ? 1 : 0) || a - b) : [...m.blocks.keys()];
  for (const b of order) {
    if (bestStart[b]! < 0) continue;
    const mar = m.blocks[b]!.mar;
    let r = best[b]!;
    if (r > 1 - 1e-9) r = 1;
    if (Math.abs(r - mar) < 1e-9) r = mar;
    if (r < mar || !alloc.canPlace(b)) continue;
    alloc.set(b, bestStart[b]!, Math.min(1, r));
  }
  // Repair tolerance-sized overloads: shrink (or reject) the last blocks in canonical order.
  for (let b = m.blocks.length - 1; b >= 0; b--) {
    const s = alloc.start[b]!;
    if (s < 0) continue;
    const blk = m.blocks[b]!;
    const firm = m.hasFirm && blk.firm;
    let excess = 0;
    // Books with the v2 features ignore rounding noise in the sums (~1e-13 MW), which would
    // otherwise reject a MAR-1 block the MIP placed exactly at a cap; older books keep the strict test.
    const noise = m.featured ? 1e-9 : 0;
    for (let k = 0; k < blk.duration; k++) {
      const t = s + k;
      excess = Math.max(excess, (alloc.load[t]! - m.surplus[t]! - noise * Math.max(1, m.surplus[t]!)) / blk.shape[k]!);
      if (firm) excess = Math.max(excess, (alloc.firmLoad[t]! - m.firmCap[t]! - noise * Math.max(1, m.firmCap[t]!)) / blk.shape[k]!);
    }
    if (excess <= 0) continue;
    const r = alloc.ratio[b]! - excess;
    alloc.set(b, s, r >= blk.mar ? r : 0);
  }
  dropOrphans(alloc);
  alloc.reload();
  return alloc;
}

/** Rejects every accepted child whose parent is rejected (after a repair rejected the parent). */
export function dropOrphans(alloc: Allocation): void {
  alloc.m.blocks.forEach((blk, b) => {
    if (blk.parent >= 0 && alloc.start[b]! >= 0 && alloc.start[blk.parent]! < 0) alloc.set(b, alloc.start[b]!, 0);
  });
}
