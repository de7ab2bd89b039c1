// What each caller may read of a published auction (SPEC §4 isolation): aggregates for everyone,
// bids and statements only one's own; everything for the operator.
import type { Book } from '../../schemas/book';
import type { ClearingResult } from '../../schemas/result';
import type { Settlement } from '../../schemas/lifecycle';
import type { PublishedAuction, Viewer } from './ports';
import { dispatchFromResult } from './dispatch';
import { settle, settlementFor } from './settle';

/** `GET /v1/auctions/{id}/result`: intervals for all; bids (and paradoxically rejected ids) only the caller's. */
export function resultFor(result: ClearingResult, book: Book, viewer: Viewer): ClearingResult {
  if (viewer.role === 'operator') return result;
  const own = new Set(book.bids.filter((b) => b.bidder === viewer.bidderId).map((b) => b.id));
  return {
    ...result,
    bids: result.bids.filter((b) => own.has(b.id)),
    paradoxicallyRejected: result.paradoxicallyRejected.filter((id) => own.has(id)),
  };
}

/** `GET /v1/auctions/{id}/settlement`: provisional until the auction is settled (`final`). */
export function settlementView(p: PublishedAuction, viewer: Viewer): Settlement {
  const dispatch = p.dispatch ?? dispatchFromResult(p.book, p.result);
  return settlementFor(settle({ book: p.book, result: p.result, dispatch, final: p.auction.status === 'settled' }), viewer);
}
