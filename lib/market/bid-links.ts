// Linked blocks (SPEC §1 "Linked block"): a child names a block of the SAME bidder in the same
// auction, not itself, that has no parent of its own (one level); a curve is never a parent (and
// has no parentId field at all). Checked against the stored bids when a bid is written; the write's
// transaction re-checks the parent (BidStore), and book assembly drops a link that a race still
// left dangling (lib/lifecycle/assemble-book.ts).
import type { BidRecord, MarketDeps } from './ports';
import { invalid } from './errors';

/** One message for "no such bid" and "another bidder's bid": a bidder learns nothing of other bids. */
export const unknownParent = (parentId: string) => `no block bid "${parentId}" of yours in this auction`;

/** Throws 422 (path `parentId`) unless `bid`'s parent may carry it. */
export async function checkParent(deps: MarketDeps, bid: BidRecord, options: { isNew: boolean }): Promise<void> {
  if (bid.type !== 'block' || bid.parentId === undefined) return;
  const fail = (message: string): never => { throw invalid('the linked block\'s parent is not valid', [{ path: 'parentId', message }]); };
  if (bid.parentId === bid.id) fail('a block cannot be its own parent');
  const parent = await deps.store.bids.getBid(bid.auctionId, bid.parentId);
  if (!parent || parent.bidder !== bid.bidder) fail(unknownParent(bid.parentId));
  if (parent!.type !== 'block') fail(`"${bid.parentId}" is a curve bid: only a block can be a parent`);
  if (parent!.type === 'block' && parent!.parentId !== undefined) fail(`"${bid.parentId}" is itself linked to "${parent!.parentId}": one level of nesting only`);
  // A child needs its parent and a group admits one of its members: sharing the group, it could never clear.
  if (parent!.type === 'block' && bid.exclusiveGroup !== undefined && parent!.exclusiveGroup === bid.exclusiveGroup) {
    throw invalid('the linked block\'s group is not valid', [{ path: 'exclusiveGroup', message: `"${bid.parentId}" is in group "${bid.exclusiveGroup}" too: a child needs its parent, and a group accepts only one of them` }]);
  }
  // A block that already has children cannot become a child (that would make two levels).
  if (options.isNew) return;
  const children = await deps.store.bids.childrenOf(bid.auctionId, bid.bidder, bid.id);
  if (children.length > 0) fail(`this block is the parent of ${children.join(', ')}: a parent cannot itself be linked`);
}

/** Throws 422 (path `exclusiveGroup`) when a parent joins the group one of its children is in. */
export async function checkGroupOfParent(deps: MarketDeps, bid: BidRecord): Promise<void> {
  if (bid.type !== 'block' || bid.exclusiveGroup === undefined) return;
  for (const id of await deps.store.bids.childrenOf(bid.auctionId, bid.bidder, bid.id)) {
    const child = await deps.store.bids.getBid(bid.auctionId, id);
    if (child?.type === 'block' && child.parentId === bid.id && child.exclusiveGroup === bid.exclusiveGroup) {
      throw invalid('the block\'s group is not valid', [{ path: 'exclusiveGroup', message: `its child "${id}" is in group "${bid.exclusiveGroup}" too: a child needs its parent, and a group accepts only one of them` }]);
    }
  }
}

/** The ids of `bid`'s children (blocks whose parentId names it); none for a curve. */
export async function childrenOf(deps: MarketDeps, bid: BidRecord): Promise<string[]> {
  return bid.type === 'block' ? deps.store.bids.childrenOf(bid.auctionId, bid.bidder, bid.id) : [];
}
