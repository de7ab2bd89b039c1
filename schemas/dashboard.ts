// The dashboard's view model: what an auction page shows, composed from the book, result and API
// shapes (never re-written), so the chart, the figures and the tables come from the numbers the
// API serves. The page embeds it as JSON and the chart script reads the same object.
import { z } from 'zod';
import { BookBidSchema, IntervalSchema } from './book';
import { AuctionSchema } from './api/auctions';
import { BidResultSchema, IntervalResultSchema, ResultSchema } from './result';
import { BidderStatementSchema, CurtailmentNoticeSchema, SettlementLineSchema, SettlementSchema } from './lifecycle';
import { CurtailmentSummarySchema } from './api/curtailments';

/** The auction fields the dashboard shows, picked from the API's auction resource. */
export const AuctionSummarySchema = AuctionSchema.pick({
  id: true, zone: true, deliveryStart: true, intervalMinutes: true, intervalCount: true, gateClosure: true, pricing: true, currency: true, timeZone: true, status: true,
});

export const IntervalViewSchema = z.strictObject({
  index: z.number().int().min(0),
  start: z.string().describe('ISO instant the interval starts'),
  forecast: IntervalSchema.nullable().describe('Surplus and reserve price cleared against (latest forecast before clearing)'),
  revisedSurplusMw: IntervalSchema.shape.surplusMw.nullable().describe('Surplus after curtailment, when revised'),
  result: IntervalResultSchema.nullable().describe('Published clearing result for the interval'),
});

export const BidRowSchema = z.strictObject({
  bid: BookBidSchema,
  result: BidResultSchema.nullable(),
  /** Energy allocated by the clearing, MWh (before curtailment). */
  allocatedMwh: z.number().min(0).nullable(),
  paradoxicallyRejected: z.boolean(),
});

export const FiguresSchema = ResultSchema.pick({ welfare: true, bound: true, optimal: true, paradoxicallyRejected: true }).extend({
  gap: z.number().describe('bound − welfare'),
  relativeGap: z.number().describe('(bound − welfare) / |bound|, 0 when the bound is 0'),
});

/** One curtailment notice on the timeline: the notice's own fields, without its OpenADR copy. */
export const CurtailmentViewSchema = CurtailmentNoticeSchema.pick({ eventId: true, bidderId: true, curtailmentVersion: true, noticeTime: true }).extend({
  intervals: z.array(CurtailmentNoticeSchema.shape.intervals.element.pick({ index: true, mwBefore: true, mwAfter: true })),
});

/** A bidder's statement totals (delivered and curtailed MWh, charge), as the settlement serves them. */
export const SettlementTotalsSchema = BidderStatementSchema.shape.totals.extend({ bidder: BidderStatementSchema.shape.bidderId });

/** Allowed vs metered energy per interval (the viewer's statements), breaches listed. */
export const MeteringViewSchema = z.strictObject({
  intervals: z.array(z.strictObject({
    index: z.number().int().min(0),
    allowedMwh: z.number().min(0).describe('Σ dispatched MW × hours over the bids with a reading'),
    meteredMwh: z.number().min(0),
    excessMwh: z.number().min(0),
    breaches: z.number().int().min(0),
  })),
  breaches: z.array(SettlementLineSchema.pick({ bidderId: true, bidId: true, interval: true, excessMwh: true, imbalanceCharge: true })),
}).meta({ id: 'MeteringView' });

export const AuctionViewSchema = z.strictObject({
  auction: AuctionSummarySchema,
  viewer: z.strictObject({ role: z.enum(['operator', 'bidder']), bidderId: z.string() }),
  intervals: z.array(IntervalViewSchema),
  figures: FiguresSchema.nullable(),
  bids: z.array(BidRowSchema),
  curtailments: z.array(CurtailmentViewSchema),
  /** Each curtailment (GET …/curtailments) without its per-bidder cuts: the operator's timeline. */
  curtailmentLog: z.array(CurtailmentSummarySchema.omit({ cuts: true })),
  /** Cuts not drawn on the timeline (a national curtailment cuts thousands of bidders). */
  moreCuts: z.number().int().min(0),
  settlement: z.strictObject({
    final: SettlementSchema.shape.final,
    statements: z.array(SettlementTotalsSchema),
    total: BidderStatementSchema.shape.totals,
    /** Metered delivery (readings reported): absent while no reading arrived. */
    metering: MeteringViewSchema.optional(),
  }).nullable(),
  /** Sections whose data the API does not serve yet (or not to this viewer), named for the page. */
  unavailable: z.array(z.string()),
});

/** The dashboard session sealed into the cookie (AES-256-GCM; see lib/dashboard/session.ts). */
export const SessionSchema = z.strictObject({
  sid: z.string().min(16).describe('Session id: sign-out records it as ended, server-side'),
  key: z.string().min(1),
  role: z.enum(['operator', 'bidder']),
  bidderId: z.string(),
  csrf: z.string().min(16),
  exp: z.number().int().describe('Expiry, epoch seconds'),
});

export type AuctionSummary = z.infer<typeof AuctionSummarySchema>;
export type IntervalView = z.infer<typeof IntervalViewSchema>;
export type BidRow = z.infer<typeof BidRowSchema>;
export type Figures = z.infer<typeof FiguresSchema>;
export type CurtailmentView = z.infer<typeof CurtailmentViewSchema>;
export type SettlementTotals = z.infer<typeof SettlementTotalsSchema>;
export type MeteringView = z.infer<typeof MeteringViewSchema>;
export type AuctionView = z.infer<typeof AuctionViewSchema>;
export type Session = z.infer<typeof SessionSchema>;
