// Metered energy per bid and interval (SPEC §5 "Metered delivery"): from a VEN's USAGE reports
// (POST /openadr3/reports) or the plain API (POST /v1/auctions/{id}/meter-readings). Taken from
// gate closure on, for any interval of the window and only for the reporting bidder's own bids;
// a later reading of an interval replaces an earlier one (conditional writes on the reading time).
import type { MarketDeps } from '../market/ports';
import { isoUtc } from '../kernel/interval-time';

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
  /** One conditional put per reading (replaces an earlier one, never a later one), then the
   * auction's meter version + 1 when anything was written (settlements computed on an older
   * version are stale). */
  putReadings(auctionId: string, readings: readonly MeterReading[]): Promise<{ written: number; superseded: number }>;
  /** Every reading of the auction, by bid id then interval. */
  readReadings(auctionId: string): Promise<MeterReading[]>;
  /** 0 while the auction has no readings. */
  meterVersion(auctionId: string): Promise<number>;
}

/** The most a bid can meter in one interval: far above any allocation (100,000 MW for an hour). */
export const MAX_READING_MWH = 100_000;

export interface ReadingInput { bidId: string; interval: number; mwh: number; path: string }

export type RecordOutcome =
  | { kind: 'recorded'; accepted: number; superseded: number }
  | { kind: 'not-found' }
  | { kind: 'too-early'; gateClosure: string }
  | { kind: 'refused'; errors: { path: string; message: string }[] }
  | { kind: 'invalid'; errors: { path: string; message: string }[] };

export async function recordMeterReadings(
  deps: { market: MarketDeps; meter: MeterReadingStore },
  bidderId: string, auctionId: string, inputs: readonly ReadingInput[], source: MeterReading['source'],
): Promise<RecordOutcome> {
  const auction = await deps.market.store.auctions.getAuction(auctionId);
  if (!auction) return { kind: 'not-found' };
  const now = deps.market.clock.now();
  if (now.getTime() < Date.parse(auction.gateClosure)) return { kind: 'too-early', gateClosure: auction.gateClosure };
  const invalid: { path: string; message: string }[] = [];
  const seen = new Set<string>();
  for (const r of inputs) {
    if (!Number.isInteger(r.interval) || r.interval < 0 || r.interval >= auction.intervalCount) invalid.push({ path: r.path, message: `interval must be 0..${auction.intervalCount - 1}` });
    if (!Number.isFinite(r.mwh) || r.mwh < 0 || r.mwh > MAX_READING_MWH) invalid.push({ path: r.path, message: `energy must be 0..${MAX_READING_MWH} MWh` });
    const key = `${r.bidId}#${r.interval}`;
    if (seen.has(key)) invalid.push({ path: r.path, message: `bid ${r.bidId} interval ${r.interval} is reported twice` });
    seen.add(key);
  }
  if (invalid.length > 0) return { kind: 'invalid', errors: invalid };
  const refused: { path: string; message: string }[] = [];
  for (const bidId of new Set(inputs.map((r) => r.bidId))) {
    const bid = await deps.market.store.bids.getBid(auctionId, bidId);
    if (!bid || bid.bidder !== bidderId) refused.push({ path: inputs.find((r) => r.bidId === bidId)!.path, message: `bid ${bidId} is not one of your bids in auction ${auctionId}` });
  }
  if (refused.length > 0) return { kind: 'refused', errors: refused };
  const readAt = new Date(now.getTime()).toISOString();
  const readings = inputs.map((r): MeterReading => ({ auctionId, bidId: r.bidId, bidderId, interval: r.interval, mwh: r.mwh, readAt, source }));
  const out = await deps.meter.putReadings(auctionId, readings);
  return { kind: 'recorded', accepted: out.written, superseded: out.superseded };
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
