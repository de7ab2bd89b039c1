// The clearing result as CSV (GET …/result with Accept: text/csv, SPEC §4 "Results as files"):
// one row per bid and interval of the bid's window (curve: [from, to); block: its placement when
// accepted, else every interval it could have run in), with the UTC and local start, the MW the
// clearing allocated, the price per MWh the bid pays and the amount. Under pay-as-bid a curve's
// interval is one row per filled step (each step has its own price), like the settlement.
// MWh and amounts follow the settlement's rounding rule on the allocation (result-amounts.ts):
// whole minor units of the currency (cents; yen have none) rendered as decimals, rounded once
// per interval and price over the auction — so the column sums exactly, and before any
// curtailment each row's amount is its settlement line's charge. Rows are in (bidder, bid id, interval, step) order and come
// in pages: of at most `limit` rows and RESULT_CSV_PAGE_BYTES, so a national file (22,000 bids ×
// 96 intervals) is served page by page under Lambda's 6 MB answer limit.
import type { Book, BookBid } from '../../schemas/book';
import type { BidResult, ClearingResult } from '../../schemas/result';
import { intervalStart } from '../kernel/interval-time';
import { localClock } from '../kernel/local-time';
import { compareIds, curveFill } from './dispatch';
import { round6 } from './money';
import type { ResultAmounts } from './result-amounts';
import type { Viewer } from './ports';
import { blockMwAt } from '../../schemas/block-shape';
import { uniformPriceOf } from './bid-price';

export const RESULT_CSV_HEADER = [
  'auction_id', 'bidder_id', 'bid_id', 'class', 'type', 'interval', 'interval_start', 'interval_start_local',
  'step', 'accepted', 'mw', 'mwh', 'price', 'amount', 'currency',
] as const;

/** Bytes of CSV in one page at most: room under 6 MB for headers (and base64 when gzipped). */
export const RESULT_CSV_PAGE_BYTES = 4_000_000;

/** Where a page starts: the bid (index in the viewer's sorted bids) and the row within it. */
export interface ResultCsvPosition { bid: number; row: number }

export interface ResultCsvPage {
  csv: string;
  rows: number;
  next?: ResultCsvPosition;
}

/** The currency's minor unit digits (ISO 4217 through Intl: USD 2, JPY 0, BHD 3; unknown codes 2). */
export function minorDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** Whole minor units as the currency amount: 123456 (2 digits) → "1234.56", −5 → "-0.05". */
export function formatMinor(units: number, digits: number): string {
  const sign = units < 0 ? '-' : '';
  const abs = String(Math.abs(units));
  if (digits === 0) return `${sign}${abs}`;
  const padded = abs.padStart(digits + 1, '0');
  return `${sign}${padded.slice(0, -digits)}.${padded.slice(-digits)}`;
}

/** The bids a viewer sees, in file order (bidder, then id), with their result entries. */
export function resultCsvBids(book: Book, result: ClearingResult, viewer: Viewer): { bid: BookBid; entry: BidResult }[] {
  const entries = new Map(result.bids.map((b) => [b.id, b]));
  return book.bids
    .filter((bid) => viewer.role === 'operator' || bid.bidder === viewer.bidderId)
    .sort((a, b) => compareIds(a.bidder, b.bidder) || compareIds(a.id, b.id))
    .map((bid) => {
      const entry = entries.get(bid.id);
      if (!entry) throw new Error(`result has no entry for bid ${bid.id}`);
      return { bid, entry };
    });
}

/** What a row is before it is text: the interval, the curve step (pay-as-bid) or '', MW and price. */
export type RowVisitor = (t: number, step: number | '', mw: number, price: number) => void;

/** The rows of one bid, in order: its window's intervals (and filled steps under pay-as-bid). */
export function forEachRow(book: Book, result: ClearingResult, bid: BookBid, entry: BidResult, visit: RowVisitor): void {
  const payAsBid = book.auction.pricing === 'pay-as-bid';
  // Uniform: the interval's price, or its firm price for a firm bid (bid-price.ts).
  const clearing = (t: number) => uniformPriceOf(bid, result.intervals[t]!);
  if (bid.type === 'curve') {
    const mw = 'mw' in entry && entry.accepted ? entry.mw : [];
    for (let t = bid.from; t < bid.to; t++) {
      const allocated = mw[t - bid.from] ?? 0;
      if (!payAsBid) { visit(t, '', allocated, clearing(t)); continue; }
      const fill = curveFill(bid, allocated);
      let filled = false;
      fill.forEach((f, k) => { if (f > 0) { filled = true; visit(t, k, f, bid.steps[k]!.price); } });
      // Nothing allocated: one row at the bid's best price (what it offered first).
      if (!filled) visit(t, '', 0, Math.max(...bid.steps.map((s) => s.price)));
    }
    return;
  }
  const start = 'ratio' in entry && entry.accepted && entry.start !== undefined ? entry.start : undefined;
  const [from, to] = start === undefined ? [bid.earliestStart, bid.latestStart + bid.duration] : [start, start + bid.duration];
  const ratio = start === undefined || !('ratio' in entry) ? 0 : entry.ratio;
  for (let t = from; t < Math.min(to, book.intervals.length); t++) visit(t, '', ratio * blockMwAt(bid, t - from), payAsBid ? bid.price : clearing(t));
}

/** One page of the viewer's rows from `from`; the header row starts every page. Amounts and
 * MWh come from `amounts` (result-amounts.ts), rounded once over the whole auction. */
export function resultCsvPage(
  book: Book, result: ClearingResult, bids: readonly { bid: BookBid; entry: BidResult }[], amounts: ResultAmounts, timeZone: string | undefined,
  from: ResultCsvPosition, limit: number, maxBytes = RESULT_CSV_PAGE_BYTES,
): ResultCsvPage {
  const starts = book.intervals.map((_, t) => intervalStart(book.auction, t));
  const locals = starts.map((iso) => (timeZone ? localClock(iso, timeZone, true) : ''));
  const { id: auctionId, currency } = book.auction;
  const out = [RESULT_CSV_HEADER.join(',')];
  let bytes = out[0]!.length + 2;
  let rows = 0;
  for (let b = from.bid; b < bids.length; b++) {
    const { bid, entry } = bids[b]!;
    const offset = amounts.offsets.get(bid.id);
    if (offset === undefined) throw new Error(`no amounts for bid ${bid.id}`);
    let r = 0;
    let next: ResultCsvPosition | undefined;
    forEachRow(book, result, bid, entry, (t, step, mw, price) => {
      const i = r++;
      if (next || (b === from.bid && i < from.row)) return;
      const line = [
        auctionId, bid.bidder, bid.id, bid.class, bid.type, t, starts[t]!, locals[t]!, step, entry.accepted,
        round6(mw), amounts.microMwh[offset + i]! / 1e6, price, formatMinor(amounts.minor[offset + i]!, amounts.digits), currency,
      ].map(cell).join(',');
      const size = Buffer.byteLength(line) + 2;
      if (rows >= limit || (rows > 0 && bytes + size > maxBytes)) { next = { bid: b, row: i }; return; }
      out.push(line);
      bytes += size;
      rows++;
    });
    if (next) return { csv: `${out.join('\r\n')}\r\n`, rows, next };
  }
  return { csv: `${out.join('\r\n')}\r\n`, rows };
}

/** Text a spreadsheet would run as a formula is prefixed with `'` (as in the settlement CSV). */
function cell(v: string | number | boolean): string {
  const s = typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
