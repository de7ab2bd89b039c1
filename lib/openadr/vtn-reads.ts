// What a VEN reads (GET /openadr3/events, /vens/{id}/resources): its bidder's objects only, built
// from the published auctions (result, book, dispatch) and the bidder's own notices feed.
import type { Book } from '../../schemas/book';
import type { CurtailmentNotice } from '../../schemas/lifecycle';
import { mapLimit } from '../kernel/map-limit';
import { dispatchFromResult } from '../lifecycle/dispatch';
import type { AuctionRecord, PublishedAuctionStore } from '../lifecycle/ports';
import type { MarketDeps } from '../market/ports';
import type { EventsFeed } from '../notify/ports';
import { isShown, publishedAuctions } from './catalog';
import { allocationEvents, curtailmentEvents, resourcesOf } from './events';
import { parseEventId, parseProgramId, zoneMatches } from './ids';
import type { OadrEvent, OadrResource } from './objects';

export interface VtnReadDeps { market: MarketDeps; published: PublishedAuctionStore; feed: EventsFeed }

/** Notices read per request (pages of 100). */
const MAX_NOTICES = 5000;

interface BidderAuction { auction: AuctionRecord; book: Book; allocation: Map<string, number[]> }

/** The published auctions in which the bidder has bids (of the program's zone when given). */
async function bidderAuctions(deps: VtnReadDeps, bidderId: string, programID?: string): Promise<BidderAuction[]> {
  const program = programID === undefined ? undefined : parseProgramId(programID);
  if (programID !== undefined && !program) return [];
  const auctions = await publishedAuctions(deps.market, program ? (zone) => zoneMatches(zone, program.zoneSlug) : undefined);
  const found = await mapLimit(auctions, 4, async (a) => {
    // One small index query first: a national auction's book is read only by its own bidders.
    if ((await deps.market.store.bids.listBids(a.id, bidderId, { limit: 1 })).items.length === 0) return undefined;
    const p = await deps.published.readPublished(a.id);
    if (!p || !p.book.bids.some((b) => b.bidder === bidderId)) return undefined;
    const allocation = new Map(dispatchFromResult(p.book, p.result).bids.map((r) => [r.bidId, r.mw]));
    return { auction: p.auction, book: p.book, allocation };
  });
  return found.filter((x): x is BidderAuction => x !== undefined).sort((x, y) => (x.auction.deliveryStart < y.auction.deliveryStart ? -1 : x.auction.deliveryStart > y.auction.deliveryStart ? 1 : (x.auction.id < y.auction.id ? -1 : 1)));
}

async function noticesOf(feed: EventsFeed, bidderId: string): Promise<CurtailmentNotice[]> {
  const all: CurtailmentNotice[] = [];
  let cursor: string | undefined;
  while (all.length < MAX_NOTICES) {
    const page = await feed.listEvents(bidderId, { limit: 100, cursor });
    all.push(...page.events);
    if (page.events.length < 100 || !page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return all;
}

/** Every event of the bidder: per auction (delivery order), the allocations, then each curtailment. */
export async function bidderEvents(deps: VtnReadDeps, bidderId: string, programID?: string): Promise<OadrEvent[]> {
  const auctions = await bidderAuctions(deps, bidderId, programID);
  if (auctions.length === 0) return [];
  const notices = await noticesOf(deps.feed, bidderId);
  const byAuction = new Map<string, CurtailmentNotice[]>();
  for (const n of notices) {
    const list = byAuction.get(n.auctionId);
    if (list) list.push(n);
    else byAuction.set(n.auctionId, [n]);
  }
  const events = auctions.flatMap(({ auction, book, allocation }) => [
    ...allocationEvents(auction, book, allocation, bidderId),
    ...(byAuction.get(auction.id) ?? []).sort((a, b) => a.curtailmentVersion - b.curtailmentVersion).flatMap((n) => curtailmentEvents(auction, book, n)),
  ]);
  return programID === undefined ? events : events.filter((e) => e.programID === programID);
}

/** One of the bidder's events by id: its auction only is read (the id names it and the bid), not
 * every auction the list would scan; undefined for another bidder's event or one that does not exist. */
export async function bidderEvent(deps: VtnReadDeps, bidderId: string, eventID: string): Promise<OadrEvent | undefined> {
  const ref = parseEventId(eventID);
  if (!ref) return undefined;
  const bid = await deps.market.store.bids.getBid(ref.auctionId, ref.bidId);
  if (!bid || bid.bidder !== bidderId) return undefined;
  const p = await deps.published.readPublished(ref.auctionId);
  if (!p || !isShown(p.auction)) return undefined;
  const events = ref.kind === 'allocation'
    ? allocationEvents(p.auction, p.book, new Map(dispatchFromResult(p.book, p.result).bids.map((r) => [r.bidId, r.mw])), bidderId)
    : (await noticesOf(deps.feed, bidderId)).filter((n) => n.auctionId === ref.auctionId && n.curtailmentVersion === ref.version).flatMap((n) => curtailmentEvents(p.auction, p.book, n));
  return events.find((e) => e.id === eventID);
}

/** The bidder's resources (its bids in published auctions). */
export async function bidderResources(deps: VtnReadDeps, bidderId: string): Promise<OadrResource[]> {
  const auctions = await bidderAuctions(deps, bidderId);
  return auctions.flatMap(({ auction, book }) => resourcesOf(auction, book, bidderId));
}

