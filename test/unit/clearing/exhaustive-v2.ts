// Exhaustive optimum of a tiny book with every market-v2 constraint, for books whose blocks all
// have MAR 1: every block rejected or placed at each start, parents before children; curves then
// fill from the highest step down under the two nested caps (total ≤ surplus, firm ≤ firmMw),
// which greedy solves exactly (the caps form a laminar family, a polymatroid).
import type { BlockBid, Book, BookBid, CurveBid } from '../../../schemas/book';
import { blockMwAt } from '../../../schemas/block-shape';

export const isFirm = (bid: BookBid): boolean => (bid.firmness ?? (bid.type === 'block' ? 'firm' : 'interruptible')) === 'firm';

export function exhaustiveV2(b: Book): number {
  const T = b.intervals.length;
  const h = b.auction.intervalMinutes / 60;
  // parents first, so a child sees its parent's decision
  const all = b.bids.filter((x): x is BlockBid => x.type === 'block');
  const blocks = [...all.filter((k) => k.parentId === undefined), ...all.filter((k) => k.parentId !== undefined)];
  const curves = b.bids.filter((x): x is CurveBid => x.type === 'curve');
  const load = new Array<number>(T).fill(0);
  const firmLoad = new Array<number>(T).fill(0);
  const placed = new Set<string>();
  const groupsUsed = new Set<string>();
  const curveWelfare = () => {
    let w = 0;
    for (let t = 0; t < T; t++) {
      const iv = b.intervals[t]!;
      let cap = iv.surplusMw - load[t]!;
      let firmCap = (iv.firmMw ?? Infinity) - firmLoad[t]!;
      const steps = curves.filter((c) => c.from <= t && t < c.to).flatMap((c) => c.steps.map((s) => ({ ...s, firm: isFirm(c) })))
        .filter((s) => s.price >= iv.reservePrice).sort((x, y) => y.price - x.price);
      for (const s of steps) {
        const q = Math.max(0, Math.min(cap, s.mw, s.firm ? firmCap : Infinity));
        w += q * (s.price - iv.reservePrice) * h;
        cap -= q;
        if (s.firm) firmCap -= q;
      }
    }
    return w;
  };
  let best = 0;
  const go = (i: number, acc: number) => {
    if (i === blocks.length) { best = Math.max(best, acc + curveWelfare()); return; }
    go(i + 1, acc);
    const k = blocks[i]!;
    if (k.parentId !== undefined && !placed.has(k.parentId)) return;
    const group = k.exclusiveGroup === undefined ? undefined : `${k.bidder}\u0000${k.exclusiveGroup}`;
    if (group !== undefined && groupsUsed.has(group)) return;
    const firm = isFirm(k);
    for (let s = k.earliestStart; s <= k.latestStart; s++) {
      let fits = true;
      let v = 0;
      for (let t = s; t < s + k.duration; t++) {
        const q = blockMwAt(k, t - s);
        const iv = b.intervals[t]!;
        if (load[t]! + q > iv.surplusMw || (firm && firmLoad[t]! + q > (iv.firmMw ?? Infinity))) fits = false;
        v += q * (k.price - iv.reservePrice) * h;
      }
      if (!fits) continue;
      const move = (sign: number) => {
        for (let t = s; t < s + k.duration; t++) {
          load[t]! += sign * blockMwAt(k, t - s);
          if (firm) firmLoad[t]! += sign * blockMwAt(k, t - s);
        }
      };
      move(1); placed.add(k.id); if (group !== undefined) groupsUsed.add(group);
      go(i + 1, acc + v);
      move(-1); placed.delete(k.id); if (group !== undefined) groupsUsed.delete(group);
    }
  };
  go(0, 0);
  return best;
}

export function shuffled<T>(xs: T[], seed: number): T[] {
  const out = [...xs];
  let s = seed >>> 0;
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
