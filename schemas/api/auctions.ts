// Auctions as the API creates and shows them (SPEC §1, §4, §5). The header reuses the book's.
import { z } from 'zod';
import { AuctionHeaderSchema } from '../book';

export const AuctionStatusSchema = z.enum(['open', 'closed', 'clearing', 'cleared', 'delivering', 'settled', 'failed']).meta({ id: 'AuctionStatus' });

const IsoInstant = z.iso.datetime({ offset: true });

export const CreateAuctionRequestSchema = AuctionHeaderSchema.omit({ id: true }).extend({
  intervalCount: z.number().int().min(1).max(672),
  gateClosure: IsoInstant.describe('After this instant no bid is taken or changed; ≤ deliveryStart'),
}).superRefine((value, ctx) => {
  if (Date.parse(value.gateClosure) > Date.parse(value.deliveryStart)) {
    ctx.addIssue({ code: 'custom', path: ['gateClosure'], message: 'gateClosure must not be after deliveryStart' });
  }
}).meta({ id: 'CreateAuctionRequest' });

export const AuctionSchema = AuctionHeaderSchema.extend({
  deliveryStart: z.iso.datetime(),
  intervalCount: z.number().int().min(1).max(672),
  gateClosure: z.iso.datetime(),
  status: AuctionStatusSchema.describe('Derived on read: an open auction past its gate closure shows closed'),
  forecastVersion: z.number().int().min(1).optional().describe('Latest forecast version, when one was uploaded'),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
}).meta({ id: 'Auction' });

export const AuctionPageSchema = z.strictObject({
  items: z.array(AuctionSchema),
  nextCursor: z.string().optional(),
}).meta({ id: 'AuctionPage' });

export type AuctionStatus = z.infer<typeof AuctionStatusSchema>;
export type CreateAuctionRequest = z.infer<typeof CreateAuctionRequestSchema>;
export type Auction = z.infer<typeof AuctionSchema>;
