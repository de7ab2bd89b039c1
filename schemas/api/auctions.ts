// Auctions as the API creates and shows them (SPEC §1, §4, §5). The header reuses the book's.
import { z } from 'zod';
import { AuctionHeaderSchema, IndicesSchema, quantum, representable } from '../book';
import { AuctionStatusSchema, ClearingFailureSchema, LifecycleTimestampsSchema } from '../lifecycle';
import { PageQuerySchema } from './common';

export { AuctionStatusSchema };

const IsoInstant = z.iso.datetime({ offset: true });

/** SPEC §5 "Metered delivery": the price of metered energy above what was allowed. */
export const ImbalancePriceSchema = z.number().min(0).max(10_000_000).refine(representable, quantum)
  .describe('Per MWh of metered energy above what was allowed (a breach); default: twice the auction\'s highest clearing price');

/** The dates an auction may name (docs/api.md): far-future or ancient dates are refused. */
export const DELIVERY_HORIZON = '2100-01-01T00:00:00Z';
export const EARLIEST_DELIVERY = '2000-01-01T00:00:00Z';
const DELIVERY_HORIZON_MS = Date.parse(DELIVERY_HORIZON);
const EARLIEST_DELIVERY_MS = Date.parse(EARLIEST_DELIVERY);

export const CreateAuctionRequestSchema = AuctionHeaderSchema.omit({ id: true }).extend({
  intervalCount: z.number().int().min(1).max(672),
  gateClosure: IsoInstant.describe('After this instant no bid is taken or changed; ≤ deliveryStart'),
  imbalancePrice: ImbalancePriceSchema.optional(),
}).superRefine((value, ctx) => {
  // Every instant the broker derives (interval starts, notice and settlement times) stays a
  // 4-digit-year ISO date: delivery must end before DELIVERY_HORIZON.
  const end = Date.parse(value.deliveryStart) + value.intervalCount * value.intervalMinutes * 60_000;
  if (!(end < DELIVERY_HORIZON_MS)) ctx.addIssue({ code: 'custom', path: ['deliveryStart'], message: `delivery must end before ${DELIVERY_HORIZON}` });
  if (Date.parse(value.deliveryStart) < EARLIEST_DELIVERY_MS) ctx.addIssue({ code: 'custom', path: ['deliveryStart'], message: `delivery must not start before ${EARLIEST_DELIVERY}` });
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
  timestamps: LifecycleTimestampsSchema.optional().describe('When the auction entered each lifecycle state'),
  failure: ClearingFailureSchema.optional().describe('Why clearing failed (status failed)'),
  indices: IndicesSchema.optional().describe('Index values the operator published (PUT …/indices); those in force at gate closure go into the book'),
  imbalancePrice: ImbalancePriceSchema.optional(),
}).meta({ id: 'Auction' });

/** `PUT /v1/auctions/{id}/indices`: the values replace the ones published before (operator, before gate closure). */
export const IndicesRequestSchema = IndicesSchema.refine((v) => v.hashprice !== undefined, { message: 'give at least one index (hashprice)', path: ['hashprice'] })
  .meta({ id: 'IndicesRequest' });

export const AuctionPageSchema = z.strictObject({
  items: z.array(AuctionSchema),
  nextCursor: z.string().optional(),
}).meta({ id: 'AuctionPage' });

const FilterInstant = z.iso.datetime({ offset: true }).refine((v) => Date.parse(v) >= EARLIEST_DELIVERY_MS && Date.parse(v) <= DELIVERY_HORIZON_MS, `between ${EARLIEST_DELIVERY} and ${DELIVERY_HORIZON}`);

/** `GET /v1/auctions` filters: every one given must hold. */
export const AuctionListQuerySchema = PageQuerySchema.extend({
  zone: AuctionHeaderSchema.shape.zone.optional().describe('Only this zone'),
  status: AuctionStatusSchema.optional().describe('Only this status (as shown: an open auction past its gate closure is closed)'),
  from: FilterInstant.optional().describe('Only auctions whose delivery ends after this instant'),
  to: FilterInstant.optional().describe('Only auctions whose delivery starts before this instant'),
}).superRefine((q, ctx) => {
  if (q.from && q.to && !(Date.parse(q.from) < Date.parse(q.to))) ctx.addIssue({ code: 'custom', path: ['to'], message: 'to must be after from' });
});

export type AuctionListQuery = z.infer<typeof AuctionListQuerySchema>;
export type AuctionStatus = z.infer<typeof AuctionStatusSchema>;
export type CreateAuctionRequest = z.infer<typeof CreateAuctionRequestSchema>;
export type Auction = z.infer<typeof AuctionSchema>;
