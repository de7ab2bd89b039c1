// Bid item in its shard partition; `bidder` and `updatedAt` sit beside the bid for conditions,
// gsi1 lists one bidder's bids per auction.
import { z } from 'zod';
import { StoredBidSchema } from '../../../schemas/api/bids';
import type { BidRecord } from '../../market/ports';
import { itemKeys } from '../keys';
import { itemCodec } from './item-codec';

export const BidItemSchema = z.object({
  pk: z.string().startsWith('AUCTION#'),
  sk: z.string().startsWith('BID#'),
  type: z.literal('bid'),
  bidder: z.string(),
  updatedAt: z.string(),
  gsi1pk: z.string(),
  gsi1sk: z.string(),
  bid: StoredBidSchema,
});

export const bidCodec = itemCodec<BidRecord, typeof BidItemSchema>('bid', BidItemSchema, {
  encode: (bid) => ({
    ...itemKeys.bid(bid.auctionId, bid.id), type: 'bid', bidder: bid.bidder, updatedAt: bid.updatedAt,
    gsi1pk: itemKeys.bidderBids(bid.bidder, bid.auctionId), gsi1sk: `BID#${bid.id}`, bid,
  }),
  // Parsing restores the schema's key order: a GET returns the bytes the POST answered.
  fromItem: (item) => item.bid,
});
