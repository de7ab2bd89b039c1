// CSV (RFC 4180) of the published market data: one row per interval, UTC and local start.
// Auctions with firm capacity add firmPrice, firmMw, atRiskMw as the LAST columns, and only when
// a row of the answer has them: the columns before never move, and answers without firm capacity
// keep their bytes. A row without them (another auction on the same page) leaves those cells empty.
import type { PriceRow, PublicAuction, PublicAuctionDetail } from '../../../schemas/api/market-data';

const cell = (v: string | number | boolean | undefined): string => {
  const s = v === undefined ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
const lines = (rows: (string | number | boolean | undefined)[][]): string => rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';

export const PRICE_CSV_HEADER = ['auctionId', 'interval', 'startUtc', 'startLocal', 'currency', 'price', 'aiMw', 'miningMw', 'unallocatedMw'];

/** Appended after every other column when some row has firm figures. */
export const FIRM_CSV_COLUMNS = ['firmPrice', 'firmMw', 'atRiskMw'] as const;
type FirmFields = Pick<PriceRow, 'firmPrice' | 'firmMw' | 'atRiskMw'>;
const hasFirm = (rows: readonly FirmFields[]) => rows.some((r) => r.firmPrice !== undefined || r.firmMw !== undefined || r.atRiskMw !== undefined);
const firmCells = (r: FirmFields) => [r.firmPrice, r.firmMw, r.atRiskMw];

export function priceCsv(rows: readonly PriceRow[]): string {
  const firm = hasFirm(rows);
  return lines([
    firm ? [...PRICE_CSV_HEADER, ...FIRM_CSV_COLUMNS] : PRICE_CSV_HEADER,
    ...rows.map((r) => [r.auctionId, r.interval, r.start, r.localStart, r.currency, r.price, r.aiMw, r.miningMw, r.unallocatedMw, ...(firm ? firmCells(r) : [])]),
  ]);
}

export function publicListCsv(items: readonly PublicAuction[]): string {
  return lines([
    ['id', 'zone', 'deliveryStart', 'intervals', 'intervalMinutes', 'currency', 'timeZone', 'status', 'welfare', 'bound', 'optimal', 'inputDigest'],
    ...items.map((a) => [a.id, a.zone, a.deliveryStart, a.intervals, a.intervalMinutes, a.currency, a.timeZone, a.status, a.welfare, a.bound, a.optimal, a.inputDigest]),
  ]);
}

export function publicDetailCsv(a: PublicAuctionDetail): string {
  const firm = hasFirm(a.intervalResults);
  return lines([
    ['auctionId', 'interval', 'startUtc', 'startLocal', 'currency', 'price', 'aiMw', 'miningMw', 'unallocatedMw', 'curtailedMw', ...(firm ? FIRM_CSV_COLUMNS : [])],
    ...a.intervalResults.map((r) => [a.id, r.interval, r.start, r.localStart, a.currency, r.price, r.aiMw, r.miningMw, r.unallocatedMw, r.curtailedMw, ...(firm ? firmCells(r) : [])]),
  ]);
}
