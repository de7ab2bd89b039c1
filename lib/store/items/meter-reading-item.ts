// Meter reading item (docs/table-design.md § Meter readings): one per (auction, bid, interval) in
// the auction's meter partition, replaced by a later reading (condition on readAtMs); and the
// partition's version counter, bumped after each write so cached settlements know they are stale.
import { z } from 'zod';
import type { MeterReading } from '../../lifecycle/meter-readings';
import { meterKeys } from '../keys';
import { itemCodec } from './item-codec';

export const MeterReadingItemSchema = z.object({
  pk: z.string().startsWith('AUCTION#'),
  sk: z.string().startsWith('READING#'),
  type: z.literal('meter-reading'),
  auctionId: z.string(),
  bidId: z.string(),
  bidderId: z.string(),
  interval: z.number().int().min(0),
  mwh: z.number().min(0),
  readAt: z.iso.datetime(),
  readAtMs: z.number().int(),
  source: z.enum(['openadr3', 'api']),
});

export const meterReadingCodec = itemCodec<MeterReading, typeof MeterReadingItemSchema>('meter-reading', MeterReadingItemSchema, {
  encode: (r) => ({ ...meterKeys.reading(r.auctionId, r.bidId, r.interval), type: 'meter-reading', ...r, readAtMs: Date.parse(r.readAt) }),
  fromItem: (i) => ({ auctionId: i.auctionId, bidId: i.bidId, bidderId: i.bidderId, interval: i.interval, mwh: i.mwh, readAt: i.readAt, source: i.source }),
});

export const MeterVersionItemSchema = z.object({ pk: z.string(), sk: z.literal('VERSION'), version: z.number().int().min(0) });
