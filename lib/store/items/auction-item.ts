// Auction item: the header as created (`auction` map) and, at top level, everything that changes
// — status (the only copy), gate closure in ms, forecast pointer, updatedAt, lifecycle fields,
// dispatch version — plus the list (gsi1) and due (gsi2) index keys.
// Items written before status was de-duplicated carry a stale `auction.status`: it is ignored.
import { z } from 'zod';
import { AuctionSchema } from '../../../schemas/api/auctions';
import { IndicesSchema } from '../../../schemas/book';
import { AuctionStatusSchema, ClearingFailureSchema, ClearingStateSchema, LifecycleTimestampsSchema } from '../../../schemas/lifecycle';
import type { AuctionRecord } from '../../market/ports';
import type { AuctionRecord as LifecycleAuctionRecord } from '../../lifecycle/ports';
import { isoUtc } from '../../kernel/interval-time';
import { itemKeys } from '../keys';
import { itemCodec } from './item-codec';

/** The `auction` map: the header as created. */
const AuctionHeaderItemSchema = AuctionSchema.pick({
  id: true, zone: true, deliveryStart: true, intervalMinutes: true, intervalCount: true, gateClosure: true,
  pricing: true, currency: true, timeZone: true, forecastVersion: true, createdAt: true, updatedAt: true, imbalancePrice: true,
}).extend({ status: AuctionStatusSchema.optional().describe('Legacy stale copy; never read, no longer written') });

export const AuctionItemSchema = z.object({
  pk: z.string().startsWith('AUCTION#'),
  sk: z.string(),
  type: z.literal('auction'),
  status: AuctionStatusSchema,
  gateClosureMs: z.number().int(),
  gsi1pk: z.string(),
  gsi1sk: z.string(),
  gsi2pk: z.string(),
  gsi2sk: z.string(),
  auction: AuctionHeaderItemSchema,
  timestamps: LifecycleTimestampsSchema.optional(),
  clearing: ClearingStateSchema.optional(),
  failure: ClearingFailureSchema.optional(),
  forecastVersion: AuctionSchema.shape.forecastVersion,
  updatedAt: AuctionSchema.shape.updatedAt.optional(),
  leaseUntilMs: z.number().optional(),
  dispatchVersion: z.number().int().min(0).optional(),
  /** Set in place by PUT …/indices while the gate is open. */
  indices: IndicesSchema.optional(),
});

/** One decoded auction item, in the two views its ports use. */
export interface StoredAuction {
  market: AuctionRecord;
  lifecycle: LifecycleAuctionRecord;
  /** Curtailments committed so far (0 before the first). */
  dispatchVersion: number;
}

export const auctionCodec = itemCodec<StoredAuction, typeof AuctionItemSchema, AuctionRecord>('auction', AuctionItemSchema, {
  encode: (auction) => {
    const { status, timestamps, failure: _failure, indices: _indices, ...header } = auction;
    return {
      ...itemKeys.auction(auction.id),
      type: 'auction',
      status,
      gateClosureMs: Date.parse(auction.gateClosure),
      gsi1pk: itemKeys.auctionList(), gsi1sk: auction.id,
      gsi2pk: itemKeys.auctionStatus(status), gsi2sk: `${auction.gateClosure}#${auction.id}`,
      // The header does not change; the fields below it do, in place.
      auction: header,
      timestamps: timestamps ?? { openedAt: isoUtc(Date.parse(auction.createdAt)) },
      clearing: { attempts: 0 },
    };
  },
  fromItem: (item) => {
    const { status: _stale, ...header } = item.auction;
    const market: AuctionRecord = {
      ...header, status: item.status, updatedAt: item.updatedAt ?? header.updatedAt,
      ...(item.forecastVersion ? { forecastVersion: item.forecastVersion } : {}),
      ...(item.timestamps ? { timestamps: item.timestamps } : {}),
      ...(item.failure ? { failure: item.failure } : {}),
      ...(item.indices ? { indices: item.indices } : {}),
    };
    const lifecycle: LifecycleAuctionRecord = {
      id: header.id, zone: header.zone, deliveryStart: header.deliveryStart, intervalMinutes: header.intervalMinutes,
      intervalCount: header.intervalCount, gateClosure: header.gateClosure, pricing: header.pricing, currency: header.currency,
      ...(header.timeZone ? { timeZone: header.timeZone } : {}),
      ...(item.indices ? { indices: item.indices } : {}),
      ...(header.imbalancePrice !== undefined ? { imbalancePrice: header.imbalancePrice } : {}),
      status: item.status, timestamps: item.timestamps ?? {},
      ...(item.clearing ? { clearing: item.clearing } : {}),
      ...(item.failure ? { failure: item.failure } : {}),
    };
    return { market, lifecycle, dispatchVersion: item.dispatchVersion ?? 0 };
  },
});
