// The auction book file `surplus-auction/v1` (SPEC §3): the single source for its validation,
// its TypeScript types and its exported JSON Schema (schemas/surplus-auction.v1.schema.json).
import { z } from 'zod';
import { WorkloadSchema } from './workload';

export const BidClassSchema = z.enum(['ai', 'mining']).meta({ id: 'BidClass' });
export const PricingSchema = z.enum(['uniform', 'pay-as-bid']).meta({ id: 'Pricing' });
export const IntervalMinutesSchema = z.union([z.literal(15), z.literal(30), z.literal(60)]);

/** The finest quantity the market takes. DynamoDB cannot store magnitudes below 1e-130 (and
 * nothing physical is that small), so finer non-zero values are refused with a field error. */
export const MIN_QUANTUM = 1e-9;
export const representable = (v: number) => v === 0 || Math.abs(v) >= MIN_QUANTUM;
export const quantum = { message: `must be 0 or at least ${MIN_QUANTUM}` };

/** Finite numbers only: zod 4 rejects NaN and ±Infinity for z.number(). */
/** The highest price per MWh a book carries (an indexed step's price is capped at it). */
export const MAX_PRICE = 1_000_000;
const price = z.number().min(0).max(MAX_PRICE).refine(representable, quantum).describe('Price per MWh in the auction currency');
const mw = z.number().positive().max(100_000).refine(representable, quantum).describe('Megawatts');
/** Surplus MW of an interval (forecasts and revisions). */
export const SurplusMwSchema = z.number().min(0).max(1_000_000).refine(representable, quantum);

export const IntervalSchema = z.strictObject({
  surplusMw: SurplusMwSchema.describe('Surplus power the grid can sell in this interval'),
  reservePrice: price.describe('Floor price per MWh: the seller\'s cost'),
  firmMw: SurplusMwSchema.optional().describe('Surplus the operator is confident in (e.g. its P90), ≤ surplusMw; firm allocations never exceed it. Default surplusMw'),
}).meta({ id: 'Interval' });

/** Firm load is sold only against `firmMw` and curtailed last; interruptible load is curtailed first. */
export const FirmnessSchema = z.enum(['firm', 'interruptible']).meta({ id: 'Firmness' });

/** A step priced by a published index (SPEC §1 "Indexed curve step"): miners bid a share of hashprice. */
export const PriceIndexRefSchema = z.strictObject({
  name: z.literal('hashprice'),
  jPerTh: z.number().min(1).max(1_000).describe('Miner efficiency in joules per terahash (ASICs: ~10–40)'),
  share: z.number().gt(0).max(10).refine(representable, quantum).describe('Share of the hashprice revenue bid for power'),
}).meta({ id: 'PriceIndexRef' });

/** An index value as the operator published it (`PUT …/indices`), frozen into the book at gate closure. */
export const IndexValueSchema = z.strictObject({
  value: z.number().positive().max(10_000_000).refine(representable, quantum).describe('Hashprice in the auction currency per PH/s per day'),
  asOf: z.iso.datetime({ offset: true }).describe('When the value was observed'),
  source: z.string().min(1).max(200).describe('Where it comes from, e.g. a data vendor'),
}).meta({ id: 'IndexValue' });

export const IndicesSchema = z.strictObject({ hashprice: IndexValueSchema.optional() }).meta({ id: 'Indices' });

export const CurveStepSchema = z.strictObject({
  mw: mw.describe('Extra MW wanted at up to this price'),
  price: price.describe('Price per MWh in the auction currency. For an indexed step, its price under the book\'s `indices` (share × hashprice / (0.024 × jPerTh), to 1e-6); 0 when the book has no value for the index, and the step is then never accepted (reason `no-index`)'),
  index: PriceIndexRefSchema.optional().describe('Priced by this index rather than by the bidder'),
  workload: WorkloadSchema.optional().describe('The hardware this step was described as, when it was'),
}).meta({ id: 'CurveStep' });

const bidCommon = {
  id: z.string().min(1).max(128).describe('Unique within the book'),
  bidder: z.string().min(1).max(128),
  class: BidClassSchema,
};

export const CurveBidSchema = z.strictObject({
  ...bidCommon,
  type: z.literal('curve'),
  firmness: FirmnessSchema.optional().describe('Default interruptible'),
  from: z.number().int().min(0).describe('First interval (inclusive)'),
  to: z.number().int().min(1).describe('Last interval (exclusive)'),
  steps: z.array(CurveStepSchema).min(1).max(100),
}).meta({ id: 'CurveBid' });

/** Exclusive-group names and parent ids: scoped to the bidder and the auction. */
const groupName = z.string().min(1).max(128);

export const BlockBidSchema = z.strictObject({
  ...bidCommon,
  type: z.literal('block'),
  mw: mw.optional().describe('MW in every interval of the block; give `profile` in its place for a block whose MW varies'),
  profile: z.array(mw).min(1).max(672).optional().describe('MW per interval of the block (length `duration`), in place of `mw`; the ratio scales the whole profile'),
  firmness: FirmnessSchema.optional().describe('Default firm'),
  exclusiveGroup: groupName.optional().describe('Of the bidder\'s blocks sharing this name, at most one is accepted'),
  parentId: groupName.optional().describe('Another block of the same bidder: this block is accepted only with it'),
  duration: z.number().int().min(1).describe('Consecutive intervals'),
  earliestStart: z.number().int().min(0),
  latestStart: z.number().int().min(0),
  price,
  minAcceptanceRatio: z.number().gt(0).max(1).refine(representable, quantum),
  workload: WorkloadSchema.optional(),
}).meta({ id: 'BlockBid' });

export const BookBidSchema = z.discriminatedUnion('type', [CurveBidSchema, BlockBidSchema]).meta({ id: 'BookBid' });

/** An IANA time zone the runtime knows (e.g. `Asia/Karachi`): for display only, never for clearing. */
export const TimeZoneSchema = z.string().min(1).max(64).refine(isTimeZone, 'an IANA time zone name, e.g. Asia/Karachi')
  .describe('IANA time zone for showing local times beside UTC (display only)');

function isTimeZone(name: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+\-]*(\/[A-Za-z0-9_+\-]+)*$/.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export const AuctionHeaderSchema = z.strictObject({
  id: z.string().min(1).max(128),
  zone: z.string().min(1).max(64),
  deliveryStart: z.iso.datetime({ offset: true }),
  intervalMinutes: IntervalMinutesSchema,
  currency: z.string().regex(/^[A-Z]{3}$/).default('USD'),
  pricing: PricingSchema.default('uniform'),
  timeZone: TimeZoneSchema.optional(),
}).meta({ id: 'AuctionHeader' });

export const BOOK_FORMAT = 'surplus-auction/v1';

export const BookSchema = z.strictObject({
  format: z.literal(BOOK_FORMAT),
  auction: AuctionHeaderSchema,
  intervals: z.array(IntervalSchema).min(1).max(672),
  bids: z.array(BookBidSchema).max(1_000_000),
  indices: IndicesSchema.optional().describe('Index values in force at gate closure (absent when none was published)'),
}).meta({ id: 'SurplusAuctionV1' });
// Cross-field rules (ranges within the intervals, duplicate ids) are added by the clearing
// engine's book validation, which reports each offending field path.

export type BidClass = z.infer<typeof BidClassSchema>;
export type Pricing = z.infer<typeof PricingSchema>;
export type Interval = z.infer<typeof IntervalSchema>;
export type CurveStep = z.infer<typeof CurveStepSchema>;
export type CurveBid = z.infer<typeof CurveBidSchema>;
export type BlockBid = z.infer<typeof BlockBidSchema>;
export type BookBid = z.infer<typeof BookBidSchema>;
export type AuctionHeader = z.infer<typeof AuctionHeaderSchema>;
export type Book = z.infer<typeof BookSchema>;
export type Firmness = z.infer<typeof FirmnessSchema>;
export type PriceIndexRef = z.infer<typeof PriceIndexRefSchema>;
export type Indices = z.infer<typeof IndicesSchema>;
