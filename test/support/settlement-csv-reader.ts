// Reads a CSV from renderSettlementCsv back to validated lines: the tests' check that the CSV
// and the JSON statement agree (test-only; receivers use any RFC 4180 reader).
import { z } from 'zod';
import { SettlementLineSchema, type SettlementLine } from '../../schemas/lifecycle';
import { SETTLEMENT_CSV_HEADER } from '../../lib/lifecycle/settlement-csv';

const num = z.string().regex(/^-?\d+(\.\d+)?(e[-+]?\d+)?$/).transform(Number);

const CsvRowSchema = z.strictObject({
  auction_id: z.string(), bidder_id: z.string(), bid_id: z.string(), class: z.string(),
  interval: num, interval_start: z.string(), step: z.union([z.literal('').transform(() => null), num]),
  allocated_mw: num, dispatched_mw: num, delivered_mwh: num, curtailed_mwh: num, price: num, charge: num,
  currency: z.string(), interval_start_local: z.string(),
  // Metered fields: empty when the line has none.
  metered_mwh: z.union([z.literal('').transform(() => undefined), num]),
  excess_mwh: z.union([z.literal('').transform(() => undefined), num]),
  imbalance_charge: z.union([z.literal('').transform(() => undefined), num]),
  breach: z.enum(['', 'true', 'false']).transform((b) => (b === '' ? undefined : b === 'true')),
});

/** Parses a CSV from renderSettlementCsv back to validated lines. */
export function parseSettlementCsv(text: string): { auctionId: string; currency: string; localStart: string; line: SettlementLine }[] {
  const records = parseCsv(text);
  const header = records.shift();
  if (!header || header.join(',') !== SETTLEMENT_CSV_HEADER.join(',')) throw new Error('unexpected CSV header');
  return records.map((r) => {
    const row = CsvRowSchema.parse(Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
    return {
      auctionId: row.auction_id,
      currency: row.currency,
      localStart: row.interval_start_local,
      line: SettlementLineSchema.parse({
        bidderId: row.bidder_id, bidId: row.bid_id, class: row.class, interval: row.interval,
        intervalStart: row.interval_start, step: row.step, allocatedMw: row.allocated_mw,
        dispatchedMw: row.dispatched_mw, deliveredMwh: row.delivered_mwh, curtailedMwh: row.curtailed_mwh,
        price: row.price, charge: row.charge,
        ...(row.metered_mwh !== undefined ? { meteredMwh: row.metered_mwh } : {}),
        ...(row.excess_mwh !== undefined ? { excessMwh: row.excess_mwh } : {}),
        ...(row.imbalance_charge !== undefined ? { imbalanceCharge: row.imbalance_charge } : {}),
        ...(row.breach !== undefined ? { breach: row.breach } : {}),
      }),
    };
  });
}

/** Minimal RFC 4180 reader: quoted fields, doubled quotes, CRLF or LF line ends. */
export function parseCsv(text: string): string[][] {
  const out: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field); out.push(row); row = []; field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) { row.push(field); out.push(row); }
  return out;
}
