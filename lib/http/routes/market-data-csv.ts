// CSV (RFC 4180) of the published market data: one row per interval, UTC and local start.
import type { PriceRow, PublicAuction, PublicAuctionDetail } from '../../../schemas/api/market-data';

const cell = (v: string | number | boolean | undefined): string => {
  const s = v === undefined ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
const lines = (rows: (string | number | boolean | undefined)[][]): string => rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';

export const PRICE_CSV_HEADER = ['auctionId', 'interval', 'startUtc', 'startLocal', 'currency', 'price', 'aiMw', 'miningMw', 'unallocatedMw'];

export function priceCsv(rows: readonly PriceRow[]): string {
  return lines([PRICE_CSV_HEADER, ...rows.map((r) => [r.auctionId, r.interval, r.start, r.localStart, r.currency, r.price, r.aiMw, r.miningMw, r.unallocatedMw])]);
}

export function publicListCsv(items: readonly PublicAuction[]): string {
  return lines([
    ['id', 'zone', 'deliveryStart', 'intervals', 'intervalMinutes', 'currency', 'timeZone', 'status', 'welfare', 'bound', 'optimal', 'inputDigest'],
    ...items.map((a) => [a.id, a.zone, a.deliveryStart, a.intervals, a.intervalMinutes, a.currency, a.timeZone, a.status, a.welfare, a.bound, a.optimal, a.inputDigest]),
  ]);
}

export function publicDetailCsv(a: PublicAuctionDetail): string {
  return lines([
    ['auctionId', 'interval', 'startUtc', 'startLocal', 'currency', 'price', 'aiMw', 'miningMw', 'unallocatedMw', 'curtailedMw'],
    ...a.intervalResults.map((r) => [a.id, r.interval, r.start, r.localStart, a.currency, r.price, r.aiMw, r.miningMw, r.unallocatedMw, r.curtailedMw]),
  ]);
}
