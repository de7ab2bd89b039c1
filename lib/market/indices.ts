// Index values (SPEC §4 "Indices"): the operator publishes hashprice before gate closure; the
// value in force when the gate closes is frozen into the book, which prices every indexed step by
// it. After the gate closes the book is fixed, so a late value is refused rather than ignored.
import { INDEX_AS_OF_MAX_AHEAD_MS, type Auction } from '../../schemas/api/auctions';
import type { Indices } from '../../schemas/book';
import type { MarketDeps } from './ports';
import { conflict, invalid, notFound } from './errors';
import { auctionView, gateOpen, requireAuction } from './auctions';

const GATE_CLOSED = 'the gate has closed: the book was fixed with the index values in force then';

export async function setIndices(deps: MarketDeps, auctionId: string, indices: Indices): Promise<Auction> {
  const auction = await requireAuction(deps, auctionId);
  const now = deps.clock.now();
  if (!gateOpen(auction, now)) throw conflict(GATE_CLOSED);
  // A value is observed, so it cannot be from the future; a day of slack covers clock skew.
  const asOf = indices.hashprice?.asOf;
  if (asOf !== undefined && Date.parse(asOf) > now.getTime() + INDEX_AS_OF_MAX_AHEAD_MS) {
    const limit = new Date(now.getTime() + INDEX_AS_OF_MAX_AHEAD_MS).toISOString();
    throw invalid('the index value is dated in the future', [{ path: 'hashprice.asOf', message: `must not be after ${limit} (one day after now)` }]);
  }
  const outcome = await deps.store.auctions.setIndices(auctionId, indices, now);
  if (outcome === 'not-found') throw notFound(`auction ${auctionId}`);
  if (outcome === 'gate-closed') throw conflict(GATE_CLOSED);
  return auctionView({ ...auction, indices, updatedAt: now.toISOString() }, now);
}
