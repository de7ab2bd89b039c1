// Published market data (SPEC §4 "History", "Public market data"): interval prices across
// auctions (GET /v1/prices) and the transparency answers under /public (no auth, no bidder names).
import { z } from 'zod';
import { AuctionHeaderSchema } from '../book';
import { PageQuerySchema } from './common';

/** The longest [from, to) GET /v1/prices accepts: a quarter (93 days), so one query stays bounded. */
export const MAX_PRICE_RANGE_DAYS = 93;

const Instant = z.iso.datetime({ offset: true });
export const PublishedStatusSchema = z.enum(['cleared', 'delivering', 'settled']);

export const PriceQuerySchema = PageQuerySchema.extend({
  zone: AuctionHeaderSchema.shape.zone.describe('The bidding zone'),
  from: Instant.describe('Intervals of auctions whose delivery ends after this instant (ISO 8601)'),
  to: Instant.describe('… and starts before this instant; at most 93 days after from'),
  format: z.enum(['json', 'csv']).optional().describe('csv: same as Accept: text/csv'),
}).superRefine((q, ctx) => {
  const from = Date.parse(q.from);
  const to = Date.parse(q.to);
  if (!(from < to)) ctx.addIssue({ code: 'custom', path: ['to'], message: 'to must be after from' });
  else if (to - from > MAX_PRICE_RANGE_DAYS * 86_400_000) ctx.addIssue({ code: 'custom', path: ['to'], message: `at most ${MAX_PRICE_RANGE_DAYS} days after from` });
});

export const PriceRowSchema = z.strictObject({
  auctionId: z.string(),
  interval: z.number().int().min(0).describe('Interval index within the auction'),
  start: z.string().describe('UTC start of the interval'),
  localStart: z.string().optional().describe('Wall-clock start in the auction\'s timeZone, when it has one'),
  currency: z.string(),
  price: z.number().describe('Clearing price per MWh'),
  aiMw: z.number().min(0),
  miningMw: z.number().min(0),
  unallocatedMw: z.number().min(0).describe('Unsold MW'),
  firmPrice: z.number().optional().describe('Auctions with firm capacity (forecast firmMw): the price per MWh of firm quantity, ≥ price'),
  firmMw: z.number().min(0).optional().describe('Auctions with firm capacity: firm MW allocated'),
  atRiskMw: z.number().min(0).optional().describe('Auctions with firm capacity: interruptible MW a fall of the surplus to firmMw would curtail'),
}).meta({ id: 'PriceRow' });

export const PricePageSchema = z.strictObject({
  items: z.array(PriceRowSchema).describe('One row per interval of every published auction of the page, in auction then interval order'),
  nextCursor: z.string().optional().describe('Follow until absent; a page may be empty and still have one'),
}).meta({ id: 'PricePage' });

export const PublicListQuerySchema = PageQuerySchema.extend({
  zone: AuctionHeaderSchema.shape.zone.optional().describe('Only this zone'),
  format: z.enum(['json', 'csv']).optional().describe('csv: same as Accept: text/csv'),
});
export const PublicDetailQuerySchema = z.strictObject({ format: PublicListQuerySchema.shape.format });

export const PublicAuctionSchema = z.strictObject({
  id: z.string(),
  zone: z.string(),
  deliveryStart: z.string(),
  intervalMinutes: z.number().int(),
  intervals: z.number().int().describe('Interval count'),
  currency: z.string(),
  timeZone: z.string().optional(),
  status: PublishedStatusSchema,
  welfare: z.number(),
  bound: z.number(),
  optimal: z.boolean(),
  inputDigest: z.string().describe('sha256 of the canonical book that was cleared'),
}).meta({ id: 'PublicAuction' });

export const PublicAuctionPageSchema = z.strictObject({
  items: z.array(PublicAuctionSchema),
  nextCursor: z.string().optional(),
}).meta({ id: 'PublicAuctionPage' });

export const PublicIntervalSchema = PriceRowSchema.omit({ auctionId: true, currency: true }).extend({
  curtailedMw: z.number().min(0).describe('Total MW cut by curtailments in this interval (all bidders together)'),
}).meta({ id: 'PublicInterval' });

export const PublicAuctionDetailSchema = PublicAuctionSchema.extend({
  intervalResults: z.array(PublicIntervalSchema),
  curtailments: z.number().int().min(0).describe('How many curtailments were applied'),
}).meta({ id: 'PublicAuctionDetail' });

export type PriceRow = z.infer<typeof PriceRowSchema>;
export type PublicAuction = z.infer<typeof PublicAuctionSchema>;
export type PublicAuctionDetail = z.infer<typeof PublicAuctionDetailSchema>;
