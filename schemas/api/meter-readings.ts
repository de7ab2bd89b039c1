// POST /v1/auctions/{id}/meter-readings (SPEC §5 "Metered delivery"): a bidder without a VEN
// reports metered energy per bid and interval, as JSON or CSV (`bid_id,interval,mwh`).
import { z } from 'zod';
import { IdSchema } from './common';
import { quantum, representable } from '../book';

export const MeterReadingsRequestSchema = z.strictObject({
  readings: z.array(z.strictObject({
    bidId: IdSchema.describe('One of the caller\'s bids in this auction'),
    interval: z.number().int().min(0).max(671).describe('Interval index within the auction'),
    mwh: z.number().min(0).max(100_000).refine(representable, quantum).describe('Metered energy of the interval, MWh'),
  })).min(1).max(10_000),
}).meta({ id: 'MeterReadingsRequest' });

export const MeterReadingsCsvSchema = z.string().describe('text/csv with the header row `bid_id,interval,mwh`, one row per bid and interval');

export const MeterReadingsResponseSchema = z.strictObject({
  auctionId: z.string(),
  accepted: z.number().int().min(0).describe('Readings stored (each replaces an earlier reading of its bid and interval)'),
  superseded: z.number().int().min(0).describe('Readings not stored because a later reading of the same interval was already there'),
}).meta({ id: 'MeterReadingsResponse' });

export type MeterReadingsRequest = z.infer<typeof MeterReadingsRequestSchema>;

/** CSV → the JSON request; errors name the row (`readings[<row>]…`). */
export function parseMeterReadingsCsv(text: string): { ok: true; value: MeterReadingsRequest } | { ok: false; errors: { path: string; message: string }[] } {
  const rows = text.replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.trim() !== '');
  if (rows[0]?.replace(/\s/g, '').toLowerCase() !== 'bid_id,interval,mwh') return { ok: false, errors: [{ path: '', message: 'the header row must be bid_id,interval,mwh' }] };
  const readings = rows.slice(1).map((row) => {
    const [bidId, interval, mwh, ...rest] = row.split(',').map((x) => x.trim());
    const number = (v: string | undefined) => (v !== undefined && /^[0-9]+(\.[0-9]+)?$/.test(v) ? Number(v) : Number.NaN);
    return rest.length > 0 ? { bidId: '', interval: -1, mwh: -1 } : { bidId: bidId ?? '', interval: number(interval), mwh: number(mwh) };
  });
  const parsed = MeterReadingsRequestSchema.safeParse({ readings });
  if (!parsed.success) return { ok: false, errors: parsed.error.issues.map((i) => ({ path: i.path.map((p, k) => (typeof p === 'number' ? `[${p}]` : `${k ? '.' : ''}${String(p)}`)).join(''), message: i.message })) };
  return { ok: true, value: parsed.data };
}
