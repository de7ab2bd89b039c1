// Local-search moves for groups and links (SPEC §1), which single-block moves cannot make: swap
// the accepted member of an exclusive group for another member; add a rejected parent together
// with its children (a child may carry a parent that alone would lose); drop a family whole.
// Deterministic (canonical order, earliest start on ties), kept only when the exact welfare gains.
import type { Allocation } from './allocation';
import { bestOf, hasAcceptedChild, type PrimalStats } from './primal';

/** Deterministic work budget of the featured moves, in move evaluations. */
export const FEATURED_BUDGET = 60_000;
const GAIN_EPS = 1e-9;

/** Adds block b's children at their best starts where they gain; the total gain. */
function addChildren(alloc: Allocation, b: number, stats: PrimalStats): number {
  let gain = 0;
  for (const c of alloc.m.blocks[b]!.children) {
    if (alloc.start[c]! >= 0) continue;
    const best = bestOf(alloc, c, stats);
    if (best.start >= 0 && best.gain > GAIN_EPS) { alloc.set(c, best.start, best.ratio); gain += best.gain; }
  }
  return gain;
}

/** Removes block b and its accepted children; returns what that loses (their exact welfare). */
function removeFamily(alloc: Allocation, b: number): { loss: number; undo: () => void } {
  const m = alloc.m;
  const members = [b, ...m.blocks[b]!.children].filter((x) => alloc.start[x]! >= 0);
  const saved = members.map((x) => [x, alloc.start[x]!, alloc.ratio[x]!] as const);
  let loss = 0;
  // Children first, each valued with the others still in place: the sum is the family's welfare.
  for (const [x, s, r] of [...saved].reverse()) { alloc.set(x, s, 0); loss += alloc.gainAdd(x, s, r); }
  return { loss, undo: () => { for (const [x, s, r] of saved) alloc.set(x, s, r); } };
}

/** Places parent p at its best start with its children (all starts tried); keeps it if the family gains more than `threshold`. */
function addFamily(alloc: Allocation, p: number, stats: PrimalStats, threshold: number): boolean {
  const blk = alloc.m.blocks[p]!;
  let best = { start: -1, ratio: 0, gain: threshold };
  for (let s = blk.earliestStart; s <= blk.latestStart; s++) {
    const room = alloc.room(p, s);
    stats.evaluations++;
    if (room < blk.mar || !alloc.canPlace(p)) continue;
    for (const r of room >= 1 ? [1, blk.mar] : [room, blk.mar]) {
      const own = alloc.gainAdd(p, s, r);
      alloc.set(p, s, r);
      const kids = addChildren(alloc, p, stats);
      const gain = own + kids;
      for (const c of blk.children) if (alloc.start[c]! >= 0) alloc.set(c, alloc.start[c]!, 0);
      alloc.set(p, s, 0);
      if (gain > best.gain + GAIN_EPS * Math.max(1, Math.abs(gain))) best = { start: s, ratio: r, gain };
    }
  }
  if (best.start < 0) return false;
  alloc.set(p, best.start, best.ratio);
  addChildren(alloc, p, stats);
  stats.moves++;
  return true;
}

export function featuredPass(alloc: Allocation, stats: PrimalStats, limit: number): boolean {
  const m = alloc.m;
  let changed = false;
  // Families: add rejected parents with their children; drop accepted families that lose.
  for (let p = 0; p < m.blocks.length && stats.evaluations < limit; p++) {
    const blk = m.blocks[p]!;
    if (blk.children.length === 0) continue;
    if (alloc.start[p]! < 0) { if (addFamily(alloc, p, stats, GAIN_EPS)) changed = true; continue; }
    if (!hasAcceptedChild(alloc, p)) continue;
    const { loss, undo } = removeFamily(alloc, p);
    if (loss < -GAIN_EPS) { stats.moves++; changed = true; } else undo();
  }
  // Groups: swap the accepted member for a better one (with its family).
  for (const g of m.groups) {
    if (stats.evaluations >= limit) break;
    const a = g.find((x) => alloc.start[x]! >= 0);
    if (a === undefined) continue;
    for (const b of g) {
      if (b === a || stats.evaluations >= limit || m.blocks[b]!.parent >= 0) continue;
      const { loss, undo } = removeFamily(alloc, a);
      if (addFamilyOrSingle(alloc, b, stats, loss)) { stats.moves++; changed = true; break; }
      undo();
    }
  }
  if (changed) alloc.reload();
  return changed;
}

function addFamilyOrSingle(alloc: Allocation, b: number, stats: PrimalStats, threshold: number): boolean {
  if (alloc.m.blocks[b]!.children.length > 0) return addFamily(alloc, b, stats, threshold);
  const best = bestOf(alloc, b, stats);
  if (best.start < 0 || best.gain <= threshold + GAIN_EPS * Math.max(1, Math.abs(threshold))) return false;
  alloc.set(b, best.start, best.ratio);
  return true;
}
