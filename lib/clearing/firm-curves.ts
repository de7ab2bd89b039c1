// Curve welfare under two caps (SPEC §1 "Firmness"): all curve load ≤ the capacity the blocks
// leave, firm curve load also ≤ the firm capacity they leave. The caps are nested, so filling the
// levels from the highest value down — a firm level only while firm room is left — is optimal
// (greedy is exact on a laminar family of capacity constraints).
import { curveWelfare, type ClearingModel, type IntervalCurve } from './model';

/** Welfare of the interruptible levels `ic` and firm levels `fc` with `room` MW left in all and `firmRoom` in firm. */
export function twoCapWelfare(ic: IntervalCurve, fc: IntervalCurve, room: number, firmRoom: number): number {
  let a = room;
  let f = Math.max(0, Math.min(firmRoom, room));
  let w = 0;
  let i = 0;
  let j = 0;
  while (a > 0) {
    const vi = i < ic.mw.length ? ic.value[i]! : -Infinity;
    const vj = j < fc.mw.length && f > 0 ? fc.value[j]! : -Infinity;
    if (vi === -Infinity && vj === -Infinity) break;
    if (vi >= vj) {
      const take = Math.min(ic.mw[i++]!, a);
      w += take * vi; a -= take;
    } else {
      const take = Math.min(fc.mw[j++]!, a, f);
      w += take * vj; a -= take; f -= take;
    }
  }
  return w;
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
