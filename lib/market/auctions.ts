// Auctions: create, read (status derived from the clock), list.
import type { Auction, AuctionStatus, CreateAuctionRequest } from '../../schemas/api/auctions';
import type { AuctionRecord, MarketDeps, Page, PageRequest } from './ports';
import { invalid, notFound } from './errors';
import { isoUtc } from '../kernel/interval-time';

/** The gate is open while the stored status is open and the clock is before gateClosure. */
export function gateOpen(auction: AuctionRecord, now: Date): boolean {
  return auction.status === 'open' && now.getTime() < Date.parse(auction.gateClosure);
}

/** Clients see `closed` as soon as the gate has closed, before the scheduler moves the item. */
export function auctionView(record: AuctionRecord, now: Date): Auction {
  const status = record.status === 'open' && !gateOpen(record, now) ? 'closed' : record.status;
  return {
    id: record.id, zone: record.zone, deliveryStart: record.deliveryStart, intervalMinutes: record.intervalMinutes,
    intervalCount: record.intervalCount, gateClosure: record.gateClosure, pricing: record.pricing, currency: record.currency,
    ...(record.timeZone ? { timeZone: record.timeZone } : {}),
    status, ...(record.forecastVersion ? { forecastVersion: record.forecastVersion } : {}),
    createdAt: record.createdAt, updatedAt: record.updatedAt,
    ...(record.timestamps ? { timestamps: record.timestamps } : {}),
    ...(record.failure ? { failure: record.failure } : {}),
    ...(record.indices ? { indices: record.indices } : {}),
  };
}

export async function createAuction(deps: MarketDeps, request: CreateAuctionRequest): Promise<Auction> {
  const now = deps.clock.now();
  const gateClosure = new Date(request.gateClosure);
  if (gateClosure.getTime() <= now.getTime()) {
    throw invalid('the gate would already be closed', [{ path: 'gateClosure', message: `must be after now (${now.toISOString()})` }]);
  }
  const record: AuctionRecord = {
    id: deps.ids.next('auc'),
    zone: request.zone,
    deliveryStart: new Date(request.deliveryStart).toISOString(),
    intervalMinutes: request.intervalMinutes,
    intervalCount: request.intervalCount,
    gateClosure: gateClosure.toISOString(),
    pricing: request.pricing,
    currency: request.currency,
    ...(request.timeZone ? { timeZone: request.timeZone } : {}),
    ...(request.imbalancePrice !== undefined ? { imbalancePrice: request.imbalancePrice } : {}),
    status: 'open',
    timestamps: { openedAt: isoUtc(now.getTime()) },
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
  await deps.store.auctions.createAuction(record);
  return auctionView(record, now);
}

export async function requireAuction(deps: MarketDeps, id: string, options?: { maxAgeMs?: number }): Promise<AuctionRecord> {
  const record = await deps.store.auctions.getAuction(id, options);
  if (!record) throw notFound(`auction ${id}`);
  return record;
}

export async function getAuction(deps: MarketDeps, id: string): Promise<Auction> {
  return auctionView(await requireAuction(deps, id), deps.clock.now());
}

export interface AuctionFilter { zone?: string | undefined; status?: AuctionStatus | undefined; from?: string | undefined; to?: string | undefined }

export async function listAuctions(deps: MarketDeps, page: PageRequest, filter: AuctionFilter = {}): Promise<Page<Auction>> {
  const now = deps.clock.now();
  const from = filter.from === undefined ? -Infinity : Date.parse(filter.from);
  const to = filter.to === undefined ? Infinity : Date.parse(filter.to);
  const accept = (a: AuctionRecord): boolean => {
    const start = Date.parse(a.deliveryStart);
    const end = start + a.intervalCount * a.intervalMinutes * 60_000;
    return (filter.zone === undefined || a.zone === filter.zone)
      && (filter.status === undefined || auctionView(a, now).status === filter.status)
      && end > from && start < to;
  };
  const filtered = Object.values(filter).some((v) => v !== undefined);
  const result = await deps.store.auctions.listAuctions(page, filtered ? accept : undefined);
  return { items: result.items.map((a) => auctionView(a, now)), nextCursor: result.nextCursor };
}
