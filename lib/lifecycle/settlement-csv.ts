// CSV rendering of settlement lines (RFC 4180, CRLF, header row). The tests read it back with
// test/support/settlement-csv-reader.ts to check that CSV and JSON agree.
import type { Settlement } from '../../schemas/lifecycle';
import { localClock } from '../kernel/local-time';

export const SETTLEMENT_CSV_HEADER = [
  'auction_id', 'bidder_id', 'bid_id', 'class', 'interval', 'interval_start', 'step',
  'allocated_mw', 'dispatched_mw', 'delivered_mwh', 'curtailed_mwh', 'price', 'charge', 'currency',
  // Appended (columns only grow): the start in the auction's time zone, empty when it names none.
  'interval_start_local',
  // Appended: the metered fields of the line (docs/lifecycle.md § Metered settlement), empty on
  // a line without them (no reading, or a pay-as-bid curve's later step lines).
  'metered_mwh', 'excess_mwh', 'imbalance_charge', 'breach',
] as const;

/** One row per statement line, statements in their order. Totals are in the JSON only. */
export function renderSettlementCsv(s: Settlement, timeZone?: string | undefined): string {
  const rows: string[] = [SETTLEMENT_CSV_HEADER.join(',')];
  const local = new Map<string, string>();
  const localStart = (iso: string) => {
    if (!timeZone) return '';
    let text = local.get(iso);
    if (text === undefined) local.set(iso, (text = localClock(iso, timeZone, true)));
    return text;
  };
  for (const st of s.statements) {
    for (const l of st.lines) {
      rows.push([
        s.auctionId, l.bidderId, l.bidId, l.class, l.interval, l.intervalStart, l.step ?? '',
        l.allocatedMw, l.dispatchedMw, l.deliveredMwh, l.curtailedMwh, l.price, l.charge, s.currency,
        localStart(l.intervalStart),
        l.meteredMwh ?? '', l.excessMwh ?? '', l.imbalanceCharge ?? '', l.breach === undefined ? '' : String(l.breach),
      ].map(cell).join(','));
    }
  }
  return `${rows.join('\r\n')}\r\n`;
}

/** Text that a spreadsheet would run as a formula (CSV injection, OWASP) is prefixed with `'`;
 * numbers are written as numbers (a negative charge stays a number). */
function cell(v: string | number): string {
  const s = typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
