// Metered energy per bid and interval (SPEC §5 "Metered delivery"): from a VEN's USAGE reports
// (POST /openadr3/reports) or the plain API (POST /v1/auctions/{id}/meter-readings). Taken from
// gate closure on, for any interval of the window and only for the reporting bidder's own bids;
// a later reading of an interval replaces an earlier one (conditional writes on the reading time).
import type { MarketDeps } from '../market/ports';
import { isoUtc } from '../kernel/interval-time';
import { MIN_QUANTUM, representable } from '../../schemas/book';

export interface MeterReading {
  auctionId: string;
  bidId: string;
  bidderId: string;
  interval: number;
  /** Metered energy of the interval, MWh. */
  mwh: number;
  /** When the broker took it (ms resolution): a reading replaces only readings taken before it. */
  readAt: string;
  source: 'openadr3' | 'api';
}

export interface MeterReadingStore {
  /** Validates every reading first (nothing is written when one is invalid), then writes them in
   * transactions of at most 99 readings, each with the meter version + 1 on the condition that
   * the readings are not closed — so the version counts every committed write, even when a later
   * chunk fails, and no reading lands after closeReadings. A reading replaces an earlier one,
   * never a later one (superseded). `settled`: a chunk met closed readings; the chunks before it
   * are stored. `busy`: a chunk kept conflicting with other writers after its retries; the chunks
   * before it are stored (a retry of the request completes it). */
  putReadings(auctionId: string, readings: readonly MeterReading[]): Promise<{ written: number; superseded: number; settled?: boolean; busy?: boolean }>;
  /** Takes no more readings (idempotent): called before the first final statement is computed,
   * so a final statement never changes. Returns the meter version, final from then on. */
  closeReadings(auctionId: string): Promise<number>;
  /** Every reading of the auction, by bid id then interval. */
  readReadings(auctionId: string): Promise<MeterReading[]>;
  /** 0 while the auction has no readings. */
  meterVersion(auctionId: string): Promise<number>;
}

/** The most a bid can meter in one interval: far above any allocation (100,000 MW for an hour). */
export const MAX_READING_MWH = 100_000;

export interface ReadingInput { bidId: string; interval: number; mwh: number; path: string }

/** Why readings were refused: a bid that is another bidder's (`not-yours`, the default), one
 * of another bidder or unknown in the auction (`not-yours`: one answer for both, so others' ids are never confirmed), or an auction already settled. */
export type RefusalReason = 'not-yours' | 'settled' | 'busy';

export type RecordOutcome =
  | { kind: 'recorded'; accepted: number; superseded: number }
  | { kind: 'not-found' }
  | { kind: 'too-early'; gateClosure: string }
  | { kind: 'refused'; errors: { path: string; message: string }[]; reason?: RefusalReason }
  | { kind: 'invalid'; errors: { path: string; message: string }[] };

/** Energy a reading may carry: 0..MAX_READING_MWH and storable (0 or ≥ MIN_QUANTUM, as the book's numbers). */
export function readingMwhError(mwh: number): string | undefined {
  if (!Number.isFinite(mwh) || mwh < 0 || mwh > MAX_READING_MWH) return `energy must be 0..${MAX_READING_MWH} MWh`;
  // A literal, not quantum.message: zod takes `message` off the shared refinement options object.
  if (!representable(mwh)) return `energy must be 0 or at least ${MIN_QUANTUM} MWh`;
  return undefined;
}

export async function recordMeterReadings(
  deps: { market: MarketDeps; meter: MeterReadingStore },
  bidderId: string, auctionId: string, inputs: readonly ReadingInput[], source: MeterReading['source'],
): Promise<RecordOutcome> {
  const auction = await deps.market.store.auctions.getAuction(auctionId);
  if (!auction) return { kind: 'not-found' };
  const now = deps.market.clock.now();
  if (now.getTime() < Date.parse(auction.gateClosure)) return { kind: 'too-early', gateClosure: auction.gateClosure };
  if (auction.status === 'settled') return settledOutcome(auctionId, 0);
  const invalid: { path: string; message: string }[] = [];
  const seen = new Set<string>();
  for (const r of inputs) {
    if (!Number.isInteger(r.interval) || r.interval < 0 || r.interval >= auction.intervalCount) invalid.push({ path: r.path, message: `interval must be 0..${auction.intervalCount - 1}` });
    const energy = readingMwhError(r.mwh);
    if (energy) invalid.push({ path: r.path, message: energy });
    const key = `${r.bidId}#${r.interval}`;
    if (seen.has(key)) invalid.push({ path: r.path, message: `bid ${r.bidId} interval ${r.interval} is reported twice` });
    seen.add(key);
  }
  if (invalid.length > 0) return { kind: 'invalid', errors: invalid };
  const refused = await firstForeignBid(deps.market, bidderId, auctionId, inputs);
  if (refused) return refused;
  const readAt = new Date(now.getTime()).toISOString();
  const readings = inputs.map((r): MeterReading => ({ auctionId, bidId: r.bidId, bidderId, interval: r.interval, mwh: r.mwh, readAt, source }));
  const out = await deps.meter.putReadings(auctionId, readings);
  if (out.settled) return settledOutcome(auctionId, out.written);
  if (out.busy) {
    return { kind: 'refused', reason: 'busy', errors: [{ path: '', message: `other writes of auction ${auctionId}'s readings kept conflicting with this one: ${out.written} of its readings were stored; send it again (a reading replaces an earlier one of the same bid and interval)` }] };
  }
  return { kind: 'recorded', accepted: out.written, superseded: out.superseded };
}

const settledOutcome = (auctionId: string, written: number): RecordOutcome => ({
  kind: 'refused', reason: 'settled',
  errors: [{ path: '', message: `auction ${auctionId} is settled: its statements are final and take no more readings${written > 0 ? ` (${written} readings of this request were stored before it settled)` : ''}` }],
});

/** Up to this many distinct bids are read by key (in parallel); more, by listing the bidder's bids once. */
const DIRECT_LOOKUPS = 32;

/**
 * The first reading (in request order) whose bid is not one of the bidder's bids in the auction,
 * as a refusal naming its path — or undefined when all are the bidder's. One pass: the distinct
 * bids read in parallel, or the bidder's bids listed once (10,000 distinct bids in one request
 * were 10,000 sequential reads). A bid not in the listing is read by key before it is refused,
 * so a bid the index has not caught up with yet is still found.
 */
async function firstForeignBid(market: MarketDeps, bidderId: string, auctionId: string, inputs: readonly ReadingInput[]): Promise<RecordOutcome | undefined> {
  const firstPath = new Map<string, string>();
  for (const r of inputs) if (!firstPath.has(r.bidId)) firstPath.set(r.bidId, r.path);
  const ids = [...firstPath.keys()];
  const owners = new Map<string, string | undefined>();
  if (ids.length <= DIRECT_LOOKUPS) {
    const bids = await Promise.all(ids.map((id) => market.store.bids.getBid(auctionId, id)));
    ids.forEach((id, i) => owners.set(id, bids[i]?.bidder));
  } else {
    let cursor: string | undefined;
    do {
      const page = await market.store.bids.listBids(auctionId, bidderId, { limit: 1000, cursor });
      for (const bid of page.items) owners.set(bid.id, bid.bidder);
      cursor = page.nextCursor;
    } while (cursor);
  }
  for (const id of ids) {
    let owner = owners.get(id);
    if (owner !== bidderId && !owners.has(id)) owner = (await market.store.bids.getBid(auctionId, id))?.bidder;
    if (owner === bidderId) continue;
    // One answer whether the bid is unknown or another bidder's: never confirm others' bid ids.
    return { kind: 'refused', reason: 'not-yours', errors: [{ path: firstPath.get(id)!, message: `no bid ${id} of yours in auction ${auctionId}` }] };
  }
  return undefined;
}

/** Readings of an auction as MWh per bid and interval (undefined = no reading). */
export function readingsByBid(readings: readonly MeterReading[], intervalCount: number): Map<string, (number | undefined)[]> {
  const out = new Map<string, (number | undefined)[]>();
  for (const r of readings) {
    if (r.interval >= intervalCount) continue;
    const row = out.get(r.bidId) ?? new Array<number | undefined>(intervalCount).fill(undefined);
    row[r.interval] = r.mwh;
    out.set(r.bidId, row);
  }
  return out;
}

export const readAtOf = (ms: number) => isoUtc(ms);
