// Published market data (SPEC §4): interval prices and MW per class across the published
// auctions of a zone, and the public transparency view of one auction. Interval results are read
// from the result's index head (one small read), never the bids: nothing here names a bidder.
import { ResultSchema, type ClearingResult } from '../../schemas/result';
import type { PriceRow, PublicAuction, PublicAuctionDetail } from '../../schemas/api/market-data';
import type { AuctionRecord as MarketAuctionRecord, MarketDeps, Page, PageRequest } from '../market/ports';
import { intervalStart, deliveryEndMs } from '../kernel/interval-time';
import { localClock } from '../kernel/local-time';
import type { AuctionRecord, PublishedAuctionStore, PublishedFiles } from './ports';

const PUBLISHED: readonly string[] = ['cleared', 'delivering', 'settled'];
const HeadSchema = ResultSchema.omit({ bids: true, paradoxicallyRejected: true });
type ResultHead = Omit<ClearingResult, 'bids' | 'paradoxicallyRejected'>;

export interface MarketDataDeps {
  market: Pick<MarketDeps, 'store'>;
  files: Pick<PublishedFiles, 'readPublicationPointer' | 'readResultHead' | 'readPublishedFiles'>;
  published: Pick<PublishedAuctionStore, 'readPublished'>;
}

export interface AuctionFilter { zone?: string | undefined; from?: string | undefined; to?: string | undefined }

async function publishedHead(deps: MarketDataDeps, id: string): Promise<{ auction: AuctionRecord; dispatchVersion: number; head: ResultHead } | undefined> {
  const pointer = await deps.files.readPublicationPointer(id);
  const c = pointer?.auction.clearing;
  if (!pointer || !PUBLISHED.includes(pointer.auction.status) || !c?.inputDigest || !c.resultSha256) return undefined;
  const indexed = await deps.files.readResultHead(id, { inputDigest: c.inputDigest, resultSha256: c.resultSha256 });
  if (indexed !== undefined) return { ...pointer, head: HeadSchema.parse(indexed) };
  // Published before the result index existed: the whole file, once.
  const found = await deps.files.readPublishedFiles(id);
  if (!found?.files) return undefined;
  const { bids: _b, paradoxicallyRejected: _p, ...head } = ResultSchema.parse(JSON.parse(found.files.resultJson));
  return { ...pointer, head };
}

async function publishedPage(deps: MarketDataDeps, page: PageRequest, filter: AuctionFilter) {
  const from = filter.from === undefined ? -Infinity : Date.parse(filter.from);
  const to = filter.to === undefined ? Infinity : Date.parse(filter.to);
  const accept = (a: MarketAuctionRecord) => (filter.zone === undefined || a.zone === filter.zone)
    && deliveryEndMs(a) > from && Date.parse(a.deliveryStart) < to;
  const listed = await deps.market.store.auctions.listAuctions(page, accept);
  const heads = [];
  for (const a of listed.items) {
    const found = await publishedHead(deps, a.id);
    if (found) heads.push(found);
  }
  return { heads, nextCursor: listed.nextCursor };
}

function summary(auction: AuctionRecord, head: ResultHead): PublicAuction {
  return {
    id: auction.id, zone: auction.zone, deliveryStart: auction.deliveryStart, intervalMinutes: auction.intervalMinutes,
    intervals: auction.intervalCount, currency: auction.currency, ...(auction.timeZone ? { timeZone: auction.timeZone } : {}),
    status: auction.status === 'delivering' || auction.status === 'settled' ? auction.status : 'cleared',
    welfare: head.welfare, bound: head.bound, optimal: head.optimal, inputDigest: head.inputDigest,
  };
}

function intervalRows(auction: AuctionRecord, head: ResultHead): PriceRow[] {
  return head.intervals.map((r, i) => {
    const start = intervalStart(auction, i);
    return {
      auctionId: auction.id, interval: i, start, ...(auction.timeZone ? { localStart: localClock(start, auction.timeZone, true) } : {}),
      currency: auction.currency, price: r.price, aiMw: r.aiMw, miningMw: r.miningMw, unallocatedMw: r.unallocatedMw,
      // Only when the result has them (books with firm capacity), so other rows keep their bytes.
      ...(r.firmPrice !== undefined ? { firmPrice: r.firmPrice } : {}),
      ...(r.firmMw !== undefined ? { firmMw: r.firmMw } : {}),
      ...(r.atRiskMw !== undefined ? { atRiskMw: r.atRiskMw } : {}),
    };
  });
}

/** GET /v1/prices: every interval of the page's published auctions that overlaps [from, to). */
export async function listPrices(deps: MarketDataDeps, page: PageRequest, filter: Required<AuctionFilter>): Promise<Page<PriceRow>> {
  const { heads, nextCursor } = await publishedPage(deps, page, filter);
  const from = Date.parse(filter.from);
  const to = Date.parse(filter.to);
  const items = heads.flatMap(({ auction, head }) => intervalRows(auction, head).filter((row) => {
    const start = Date.parse(row.start);
    return start < to && start + auction.intervalMinutes * 60_000 > from;
  }));
  return nextCursor === undefined ? { items } : { items, nextCursor };
}

export async function listPublicAuctions(deps: MarketDataDeps, page: PageRequest, filter: AuctionFilter): Promise<Page<PublicAuction>> {
  const { heads, nextCursor } = await publishedPage(deps, page, filter);
  const items = heads.map(({ auction, head }) => summary(auction, head));
  return nextCursor === undefined ? { items } : { items, nextCursor };
}

/** One published auction for everyone; undefined when unknown or not published. */
export async function publicAuction(deps: MarketDataDeps, id: string): Promise<PublicAuctionDetail | undefined> {
  const found = await publishedHead(deps, id);
  if (!found) return undefined;
  const { auction, head, dispatchVersion } = found;
  const cut = new Array<number>(head.intervals.length).fill(0);
  if (dispatchVersion > 0) {
    // Curtailed: the latest dispatch against the cleared allocation, summed over every bidder.
    const published = await deps.published.readPublished(id);
    if (published?.dispatch) {
      const dispatched = new Array<number>(head.intervals.length).fill(0);
      for (const bid of published.dispatch.bids) bid.mw.forEach((mw, i) => { dispatched[i] = (dispatched[i] ?? 0) + mw; });
      head.intervals.forEach((r, i) => { cut[i] = Math.max(0, Math.round((r.aiMw + r.miningMw - (dispatched[i] ?? 0)) * 1e6) / 1e6); });
    }
  }
  const intervalResults = intervalRows(auction, head).map(({ auctionId: _a, currency: _c, ...row }, i) => ({ ...row, curtailedMw: cut[i] ?? 0 }));
  return { ...summary(auction, head), intervalResults, curtailments: dispatchVersion };
}
