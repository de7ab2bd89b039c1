// Firm prices (SPEC §2 "Firm capacity"): firm quantity pays firmPrice ≥ price, with a premium only
// where firm allocations use all of firmMw. Where firm curve steps compete for the firm cap the
// premium is what the marginal firm step bids above the energy price; where firm blocks fill it,
// the premium is the lowest that keeps every rejected firm block out (its gain at its best start
// spread over its MW where the cap binds), but never more than leaves every accepted firm block
// (a parent with its children) breaking even — its slack spread the same way, the smallest share
// over the blocks there. A rejected block it cannot keep out is reported paradoxically rejected.
import type { Allocation } from './allocation';
import { firmCurveMw } from './firm-curves';
import { EPS_MW, type ClearingModel } from './model';
import type { IntervalPrices } from './pricing';

/**
 * Prices of an interval whose firm curve demand exceeds the firm room: the greedy fill, walked from
 * the highest level down (at equal prices the interruptible level first), each product priced
 * where it is cut — the energy price where the total cap binds, the firm price where the firm room
 * runs out (or the energy price, when it never does).
 */
export function walkInterval(m: ClearingModel, t: number, load: number, firmLoad: number, out: IntervalPrices): void {
  const ic = m.intCurves![t]!;
  const fc = m.firmCurves![t]!;
  let a = Math.max(0, m.surplus[t]! - load);
  let f = Math.max(0, Math.min(m.firmCap[t]! - firmLoad, a));
  let i = 0;
  let j = 0;
  let firmCut: { price: number; fill: number } | undefined;
  let energy: { price: number; fill: number; firmFill: number };
  for (;;) {
    const pi = i < ic.price.length ? ic.price[i]! : -Infinity;
    const pj = j < fc.price.length && firmCut === undefined ? fc.price[j]! : -Infinity;
    if (pi === -Infinity && pj === -Infinity) { energy = { price: m.reserve[t]!, fill: 1, firmFill: 1 }; break; }
    if (pi >= pj) {
      const q = ic.mw[i++]!;
      // the last MW go to this level; a firm level at the same price (not reached) gets none
      if (q > a + EPS_MW) { energy = { price: pi, fill: Math.max(0, a / q), firmFill: 0 }; break; }
      a -= q;
    } else {
      const q = fc.mw[j++]!;
      if (q > Math.min(a, f) + EPS_MW) {
        // The total cap cuts it: interruptible levels at this price were all taken before it.
        if (a <= f + EPS_MW) { energy = { price: pj, fill: 1, firmFill: Math.max(0, a / q) }; break; }
        firmCut = { price: pj, fill: Math.max(0, f / q) };
        a -= f; f = 0;
        continue;
      }
      a -= q; f -= q;
    }
  }
  out.price[t] = energy.price;
  out.fill[t] = energy.fill;
  const firm = firmCut && firmCut.price >= energy.price ? firmCut : { price: energy.price, fill: energy.firmFill };
  out.firmPrice[t] = firm.price;
  out.firmFill[t] = firm.fill;
}

/** Firm MW in use in interval t: firm blocks plus the firm curve take at the prices. */
export function firmUse(m: ClearingModel, alloc: Allocation, t: number, p: IntervalPrices): number {
  let use = alloc.firmLoad[t]!;
  const fc = m.firmCurves?.[t];
  if (fc) {
    for (let k = 0; k < fc.price.length; k++) {
      if (fc.price[k]! > p.firmPrice[t]!) use += fc.mw[k]!;
      else if (fc.price[k]! === p.firmPrice[t]!) use += fc.mw[k]! * p.firmFill[t]!;
    }
  }
  return use;
}

/** Adds the block-set premium (capped by every accepted firm block's slack) where the firm cap binds. */
export function firmPremiums(m: ClearingModel, alloc: Allocation, p: IntervalPrices): void {
  const binds = new Uint8Array(m.T);
  for (let t = 0; t < m.T; t++) binds[t] = firmUse(m, alloc, t, p) >= m.firmCap[t]! - 1e-6 ? 1 : 0;
  // Per no-loss unit (a block, or a parent with its accepted children): slack and firm MW at binding intervals.
  const cap = new Float64Array(m.T).fill(Infinity);
  m.blocks.forEach((blk, b) => {
    if (blk.parent >= 0 || alloc.start[b]! < 0) return;
    let slack = 0;
    let weight = 0;
    for (const u of [b, ...blk.children]) {
      const s = alloc.start[u]!;
      if (s < 0) continue;
      const ub = m.blocks[u]!;
      const r = alloc.ratio[u]!;
      for (let k = 0; k < ub.duration; k++) {
        const t = s + k;
        const q = r * ub.shape[k]!;
        slack += (ub.price - (ub.firm ? p.firmPrice[t]! : p.price[t]!)) * q;
        if (ub.firm && binds[t]) weight += q;
      }
    }
    if (weight <= 0) return;
    const share = Math.max(0, slack) / weight;
    for (const u of [b, ...blk.children]) {
      const s = alloc.start[u]!;
      const ub = m.blocks[u]!;
      if (s < 0 || !ub.firm) continue;
      for (let t = s; t < s + ub.duration; t++) if (binds[t]) cap[t] = Math.min(cap[t]!, share);
    }
  });
  // The premium each binding interval needs so that no rejected firm block would gain at its best start.
  const need = new Float64Array(m.T);
  m.blocks.forEach((blk, b) => {
    if (alloc.start[b]! >= 0 || !blk.firm || !alloc.canPlace(b)) return;
    let best = { gain: 0, start: -1 };
    for (let s = blk.earliestStart; s <= blk.latestStart; s++) {
      let gain = 0;
      for (let k = 0; k < blk.duration; k++) gain += (blk.price - p.firmPrice[s + k]!) * blk.shape[k]!;
      if (gain > best.gain) best = { gain, start: s };
    }
    if (best.start < 0) return;
    let weight = 0;
    for (let k = 0; k < blk.duration; k++) if (binds[best.start + k]) weight += blk.shape[k]!;
    if (weight <= 0) return;
    for (let k = 0; k < blk.duration; k++) if (binds[best.start + k]) need[best.start + k] = Math.max(need[best.start + k]!, best.gain / weight);
  });
  for (let t = 0; t < m.T; t++) {
    if (!binds[t] || need[t]! <= 0) continue;
    cap[t] = Math.min(cap[t]!, need[t]!);
    // Nor above the lowest firm curve level it accepts (a step above the firm price stays accepted).
    const fc = m.firmCurves?.[t];
    if (fc) for (let k = 0; k < fc.price.length && fc.price[k]! >= p.firmPrice[t]!; k++) cap[t] = Math.min(cap[t]!, fc.price[k]! - p.firmPrice[t]!);
    // What is needed, on top of the curve-set firm price, within every accepted block's slack.
    if (cap[t]! <= 0) continue;
    p.firmPrice[t] = p.firmPrice[t]! + cap[t]!;
    // Every firm level at or above the raised price was above the old one: fully accepted.
    p.firmFill[t] = 1;
  }
}
