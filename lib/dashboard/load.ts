// What the dashboard shows, read through the broker's own API (in process, with the viewer's
// key): the same authorization, isolation and numbers as any API client gets. Each response is
// validated with the API's schemas before use (lib/api-client).
import { meteringOf } from './metering';
import { BookSchema, type BookBid, type Interval } from '../../schemas/book';
import { AuctionPageSchema, AuctionSchema, type Auction } from '../../schemas/api/auctions';
import { BidPageSchema } from '../../schemas/api/bids';
import { ForecastSchema } from '../../schemas/api/forecasts';
import { MeSchema } from '../../schemas/api/keys';
import { ResultSchema, type ClearingResult } from '../../schemas/result';
import { SettlementSchema } from '../../schemas/lifecycle';
import { CurtailmentListSchema, type CurtailmentSummary } from '../../schemas/api/curtailments';
import { AuctionSummarySchema, type AuctionSummary, type AuctionView, type CurtailmentView } from '../../schemas/dashboard';
import { ApiError, createApiClient, type ApiClient, type FetchLike } from '../api-client';
import { buildAuctionView } from './view-model';
import { bookBidOf } from './bid-view';

export { ApiError };

/** Calls the broker's HTTP API in process (the Hono app's `request`). */
export type ApiFetch = FetchLike;

/** The viewer's client: their key on every call, JSON only. */
function clientFor(api: ApiFetch, key: string): ApiClient {
  return createApiClient({ fetch: api, key, accept: 'application/json' });
}

/** The auction fields the dashboard shows. */
export function summaryOf(auction: Auction): AuctionSummary {
  const { id, zone, deliveryStart, intervalMinutes, intervalCount, gateClosure, pricing, currency, timeZone, status } = auction;
  return { id, zone, deliveryStart, intervalMinutes, intervalCount, gateClosure, pricing, currency, ...(timeZone ? { timeZone } : {}), status };
}

/** A stored bid as the book has it (without the API's bookkeeping fields). */
/** What a key grants (GET /v1/me), or undefined when the API does not know the key (401). */
export async function whoAmI(api: ApiFetch, key: string): Promise<AuctionView['viewer'] | undefined> {
  let principal;
  try {
    principal = await clientFor(api, key).get('/v1/me', MeSchema);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return undefined;
    throw error;
  }
  return { role: principal.role, bidderId: principal.bidderId };
}

export async function listAuctions(api: ApiFetch, key: string, cursor?: string): Promise<{ items: AuctionSummary[]; nextCursor?: string | undefined }> {
  const query = new URLSearchParams({ limit: '50' });
  if (cursor) query.set('cursor', cursor);
  const page = await clientFor(api, key).get(`/v1/auctions?${query}`, AuctionPageSchema);
  return { items: page.items.map(summaryOf), nextCursor: page.nextCursor };
}

const MAX_BID_PAGES = 200;

async function listAllBids(client: ApiClient, auctionId: string): Promise<BookBid[]> {
  const bids: BookBid[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_BID_PAGES; page++) {
    const query = new URLSearchParams({ limit: '100' });
    if (cursor) query.set('cursor', cursor);
    const result = await client.get(`/v1/auctions/${encodeURIComponent(auctionId)}/bids?${query}`, BidPageSchema);
    bids.push(...result.items.map(bookBidOf));
    cursor = result.nextCursor;
    if (!cursor) break;
  }
  return bids;
}

/** Cuts drawn on the timeline at most; the rest are counted (GET …/curtailments has them all). */
const MAX_TIMELINE_CUTS = 200;
const MAX_CURTAILMENT_PAGES = 20;

/** The auction's curtailments (all pages): the log, the cuts for the timeline, the revised surplus. */
async function loadCurtailments(client: ApiClient, base: string, intervalCount: number) {
  const items: CurtailmentSummary[] = [];
  let after: number | undefined;
  for (let page = 0; page < MAX_CURTAILMENT_PAGES; page++) {
    const list = await client.getOptional(`${base}/curtailments?limit=20${after ? `&after=${after}` : ''}`, CurtailmentListSchema);
    if (!list) return null;
    items.push(...list.items);
    if (list.nextAfter === undefined) break;
    after = list.nextAfter;
  }
  const revised: (number | null)[] = Array.from({ length: intervalCount }, () => null);
  for (const c of items) for (const r of c.revisions) if (r.index < intervalCount) revised[r.index] = r.surplusMw;
  const cuts: CurtailmentView[] = items.flatMap((c) => c.cuts.map((cut) => ({ eventId: cut.eventId, bidderId: cut.bidderId, curtailmentVersion: c.version, noticeTime: c.at, intervals: cut.intervals })));
  return {
    curtailmentLog: items.map(({ cuts: _cuts, ...summary }) => summary),
    curtailments: cuts.slice(0, MAX_TIMELINE_CUTS),
    moreCuts: Math.max(0, cuts.length - MAX_TIMELINE_CUTS),
    revisedSurplusMw: items.length > 0 ? revised : null,
  };
}

async function loadSettlement(client: ApiClient, base: string, intervalMinutes: number): Promise<AuctionView['settlement']> {
  const settlement = await client.getOptional(`${base}/settlement`, SettlementSchema);
  if (!settlement) return null;
  const statements = settlement.statements.map((s) => ({ bidder: s.bidderId, ...s.totals }));
  // The operator gets the broker's totals; a bidder's total is its own statement.
  const total = settlement.totals
    ? { deliveredMwh: settlement.totals.deliveredMwh, curtailedMwh: settlement.totals.curtailedMwh, charge: settlement.totals.revenue }
    : statements.reduce((sum, s) => ({ deliveredMwh: sum.deliveredMwh + s.deliveredMwh, curtailedMwh: sum.curtailedMwh + s.curtailedMwh, charge: sum.charge + s.charge }), { deliveredMwh: 0, curtailedMwh: 0, charge: 0 });
  const metering = meteringOf(settlement, intervalMinutes);
  return { final: settlement.final, statements, total, ...(metering ? { metering } : {}) };
}

export async function loadAuctionView(api: ApiFetch, viewer: AuctionView['viewer'] & { key: string }, auctionId: string): Promise<AuctionView> {
  const client = clientFor(api, viewer.key);
  const base = `/v1/auctions/${encodeURIComponent(auctionId)}`;
  const auction = summaryOf(await client.get(base, AuctionSchema));
  const unavailable: string[] = [];
  const result: ClearingResult | null = await client.getOptional(`${base}/result`, ResultSchema);
  let forecast: Interval[] | null = null;
  let bids: BookBid[];
  // The operator sees the exact book that was cleared; otherwise the latest forecast and the
  // viewer's own bids.
  const book = viewer.role === 'operator' && result ? await client.getOptional(`${base}/book`, BookSchema) : null;
  if (book) {
    forecast = book.intervals;
    bids = book.bids;
  } else {
    forecast = (await client.getOptional(`${base}/forecast`, ForecastSchema))?.intervals ?? null;
    bids = await listAllBids(client, auctionId);
  }
  if (!forecast) unavailable.push('forecast');
  if (!result) unavailable.push('clearing result');
  const settlement = result ? await loadSettlement(client, base, auction.intervalMinutes) : null;
  const curtailments = result ? await loadCurtailments(client, base, auction.intervalCount) : null;
  if (result && !curtailments) unavailable.push('curtailments');
  return buildAuctionView({
    auction,
    viewer: { role: viewer.role, bidderId: viewer.bidderId },
    forecast,
    result,
    bids,
    ...(curtailments ?? {}),
    settlement,
    unavailable,
  });
}
