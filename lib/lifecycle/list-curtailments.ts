// `GET /v1/auctions/{id}/curtailments`: each committed revision (versions 1..dispatchVersion are
// contiguous: a commit is only ever current + 1), who asked, when, the intervals it revised, what
// it cut per bidder and whether its fan-out is complete. The operator sees every bidder's cut; a
// bidder sees the revisions (aggregate surplus, public like the interval results) and its own cuts.
import type { CurtailmentList, CurtailmentSummary } from '../../schemas/api/curtailments';
import type { FanOutStore } from './repair-fan-out';
import type { PublishedAuctionStore, PublishedFiles, Viewer } from './ports';
import { round6 } from './money';

export type ListCurtailmentsStore = Pick<PublishedFiles, 'readPublicationPointer'> & Pick<PublishedAuctionStore, 'readCurtailmentStatus'> & Pick<FanOutStore, 'readCurtailmentNotices'>;


/** A page stops before this many bytes of JSON (Lambda answers at most 6 MB); it always holds one curtailment. */
export const CURTAILMENT_PAGE_BYTES = 4_000_000;

export async function listCurtailments(
  store: ListCurtailmentsStore, auctionId: string, viewer: Viewer, page: { after?: number | undefined; limit: number; maxBytes?: number },
): Promise<CurtailmentList | undefined> {
  const pointer = await store.readPublicationPointer(auctionId);
  if (!pointer) return undefined;
  const hours = pointer.auction.intervalMinutes / 60;
  const first = (page.after ?? 0) + 1;
  const last = Math.min(pointer.dispatchVersion, first + page.limit - 1);
  const items: CurtailmentSummary[] = [];
  let bytes = 0;
  let end = last;
  for (let version = first; version <= last; version++) {
    const [record, status] = await Promise.all([store.readCurtailmentNotices(auctionId, version), store.readCurtailmentStatus(auctionId, version)]);
    if (!record || !status) throw new Error(`curtailment ${version} of auction ${auctionId} is missing below dispatch version ${pointer.dispatchVersion}`);
    const notices = viewer.role === 'operator' ? record.notices : record.notices.filter((n) => n.bidderId === viewer.bidderId);
    const cuts = notices.map((n) => ({
      eventId: n.eventId, bidderId: n.bidderId,
      intervals: n.intervals.map(({ index, mwBefore, mwAfter }) => ({ index, mwBefore, mwAfter })),
      mwhCut: round6(n.intervals.reduce((sum, iv) => sum + (iv.mwBefore - iv.mwAfter) * hours, 0)),
    }));
    const summary: CurtailmentSummary = {
      version, at: record.at,
      ...(viewer.role === 'operator' && record.requestedBy ? { requestedBy: record.requestedBy } : {}),
      revisions: record.revisions, fanOut: status.fanOut, bidders: cuts.length,
      mwhCut: round6(cuts.reduce((sum, c) => sum + c.mwhCut, 0)), cuts,
    };
    const size = JSON.stringify(summary).length;
    if (items.length > 0 && bytes + size > (page.maxBytes ?? CURTAILMENT_PAGE_BYTES)) { end = version - 1; break; }
    bytes += size;
    items.push(summary);
  }
  return { auctionId, items, ...(end < pointer.dispatchVersion ? { nextAfter: end } : {}) };
}
