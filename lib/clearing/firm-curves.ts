// Curve welfare under two caps (SPEC §1 "Firmness"): all curve load ≤ the capacity the blocks
// leave, firm curve load also ≤ the firm capacity they leave. The caps are nested, so filling the
// levels from the highest value down — a firm level only while firm room is left — is optimal
// (greedy is exact on a laminar family of capacity constraints).
import { curveWelfare, type ClearingModel, type IntervalCurve } from './model';

/** MW of the levels of c worth at least v (or more than v, when strict); levels are sorted by value, highest first. */
function mwWorth(c: IntervalCurve, v: number, strict: boolean): number {
  let lo = 0;
  let hi = c.value.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (strict ? c.value[mid]! > v : c.value[mid]! >= v) lo = mid + 1; else hi = mid;
  }
  return lo > 0 ? c.cumMw[lo - 1]! : 0;
}

/** The highest value of a level of `c` at which the levels of ic and fc worth at least it fill `room` (−∞ if none). */
function cutIn(c: IntervalCurve, ic: IntervalCurve, fc: IntervalCurve, firmTop: number, room: number): number {
  let lo = 0;
  let hi = c.value.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const v = c.value[mid]!;
    if (mwWorth(ic, v, false) + Math.min(firmTop, mwWorth(fc, v, false)) >= room) hi = mid; else lo = mid + 1;
  }
  return lo < c.value.length ? c.value[lo]! : -Infinity;
}

const totalMw = (c: IntervalCurve) => (c.cumMw.length > 0 ? c.cumMw[c.cumMw.length - 1]! : 0);

/**
 * Welfare of the interruptible levels `ic` and firm levels `fc` with `room` MW left in all and
 * `firmRoom` in firm: the greedy fill (highest value first, a firm level only while firm room is
 * left), computed in closed form — the best `room` MW of the interruptible levels together with
 * the top min(firmRoom, room) MW of the firm ones — by binary searches instead of a walk.
 */
export function twoCapWelfare(ic: IntervalCurve, fc: IntervalCurve, room: number, firmRoom: number): number {
  if (room <= 0) return 0;
  const firmTop = Math.min(Math.max(0, Math.min(firmRoom, room)), totalMw(fc));
  const allI = totalMw(ic);
  if (allI + firmTop <= room) return curveWelfare(ic, allI) + curveWelfare(fc, firmTop);
  // v*: the highest level value at which the levels worth at least it fill the room
  const cut = Math.max(cutIn(ic, ic, fc, firmTop, room), cutIn(fc, ic, fc, firmTop, room));
  const aboveI = mwWorth(ic, cut, true);
  const aboveF = Math.min(firmTop, mwWorth(fc, cut, true));
  return curveWelfare(ic, aboveI) + curveWelfare(fc, aboveF) + (room - aboveI - aboveF) * cut;
}

/** Firm curve MW of interval t (0 when the book has no firm cap or no firm curve there). */
export function firmCurveMw(m: ClearingModel, t: number): number {
  const fc = m.firmCurves?.[t];
  return fc && fc.cumMw.length > 0 ? fc.cumMw[fc.cumMw.length - 1]! : 0;
}

/** Curve welfare of interval t when blocks use `load` MW in all and `firmLoad` MW of firm capacity. */
export function curveWelfareAt(m: ClearingModel, t: number, load: number, firmLoad: number): number {
  const room = m.surplus[t]! - load;
  const firmRoom = m.firmCap[t]! - firmLoad;
  // Firm room for all firm curve demand: only the total cap binds (the one-curve fast path).
  if (!m.firmCurves || firmRoom >= firmCurveMw(m, t)) return curveWelfare(m.curves[t]!, room);
  return twoCapWelfare(m.intCurves![t]!, m.firmCurves[t]!, room, firmRoom);
}
