// Block bids in the clearing model: their MW shape, firmness, exclusive groups and links (SPEC §1).
// Groups are scoped to the bidder; a parent is named by bid id within the bidder's blocks.
import type { BlockBid, Book } from '../../schemas/book';
import { blockPeakMw, blockShape } from '../../schemas/block-shape';
import type { BlockInfo } from './model';

export function blockInfo(bid: BlockBid, i: number): BlockInfo {
  const shape = Float64Array.from(blockShape(bid));
  let mwSum = 0;
  for (const q of shape) mwSum += q;
  return {
    bid: i, id: bid.id, isAi: bid.class === 'ai', mw: blockPeakMw(bid), duration: bid.duration,
    earliestStart: bid.earliestStart, latestStart: bid.latestStart, price: bid.price, mar: bid.minAcceptanceRatio,
    shape, mwSum, profiled: bid.profile !== undefined, firm: bid.firmness !== 'interruptible',
    group: -1, parent: -1, children: [],
  };
}

/**
 * Fills in `group`, `parent` and `children` of the blocks (canonical order) and returns the
 * exclusive groups, ordered by their first member. A group of one block constrains nothing and is
 * dropped. Links to an unknown, foreign or linked block were refused by book validation; here they
 * are ignored rather than trusted.
 */
export function linkBlocks(book: Book, blocks: BlockInfo[]): number[][] {
  const byKey = new Map<string, number[]>();
  const byId = new Map<string, number>();
  blocks.forEach((b, j) => {
    byId.set(b.id, j);
    const bid = book.bids[b.bid] as BlockBid;
    if (bid.exclusiveGroup === undefined) return;
    const key = JSON.stringify([bid.bidder, bid.exclusiveGroup]);
    const members = byKey.get(key);
    if (members) members.push(j); else byKey.set(key, [j]);
  });
  const groups = [...byKey.values()].filter((g) => g.length > 1).sort((a, b) => a[0]! - b[0]!);
  groups.forEach((g, k) => { for (const j of g) blocks[j]!.group = k; });
  blocks.forEach((b, j) => {
    const bid = book.bids[b.bid] as BlockBid;
    if (bid.parentId === undefined) return;
    const p = byId.get(bid.parentId);
    if (p === undefined || p === j) return;
    const parent = book.bids[blocks[p]!.bid] as BlockBid;
    if (parent.bidder !== bid.bidder || parent.parentId !== undefined) return;
    b.parent = p;
    blocks[p]!.children.push(j);
  });
  return groups;
}
