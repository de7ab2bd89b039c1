// The API response shapes the CLI reads, taken from the schemas the API itself validates with.
import { z } from 'zod';
import { AuctionHeaderSchema, BlockBidSchema, CurveBidSchema } from '../../schemas/book';

export const AuctionResponseSchema = z.looseObject({
  ...AuctionHeaderSchema.shape,
  intervalCount: z.number(),
  gateClosure: z.string(),
  status: z.string(),
});
export const AuctionPageResponseSchema = z.looseObject({ items: z.array(AuctionResponseSchema), nextCursor: z.string().optional() });
export const BidResponseSchema = z.discriminatedUnion('type', [z.looseObject(CurveBidSchema.shape), z.looseObject(BlockBidSchema.shape)]);
export const BidPageResponseSchema = z.looseObject({ items: z.array(BidResponseSchema), nextCursor: z.string().optional() });
export const CreatedKeyResponseSchema = z.looseObject({ key: z.string(), role: z.string(), bidderId: z.string(), classes: z.array(z.string()).optional() });
export const ForecastResponseSchema = z.looseObject({ version: z.number() });
