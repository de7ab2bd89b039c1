// `GET /v1/auctions/{id}/curtailments`: the curtailment log as the API serves it. Apart from
// schemas/lifecycle.ts so that functions that never serve it (deliver-notices) do not carry it.
import { z } from 'zod';
import { CurtailmentNoticeSchema, CurtailmentRequestSchema, FanOutStatusSchema } from '../lifecycle';

const isoTime = z.iso.datetime({ offset: true });

/** What one curtailment cut from one bidder, per interval (the notice without its OpenADR copy). */
export const CurtailmentCutSchema = CurtailmentNoticeSchema.pick({ eventId: true, bidderId: true }).extend({
  intervals: z.array(CurtailmentNoticeSchema.shape.intervals.element.pick({ index: true, mwBefore: true, mwAfter: true })),
  mwhCut: z.number().min(0).describe('Energy cut from this bidder by this curtailment, MWh (display rounding: 6 decimals)'),
}).meta({ id: 'CurtailmentCut' });

/** `GET /v1/auctions/{id}/curtailments`: the revisions, oldest first, and what each cut. */
export const CurtailmentSummarySchema = z.strictObject({
  version: z.number().int().min(1),
  at: isoTime,
  requestedBy: z.string().optional().describe('keyId of the operator key that asked (operator view only)'),
  revisions: CurtailmentRequestSchema.shape.intervals.describe('The revised surplus of each interval it changed'),
  fanOut: FanOutStatusSchema,
  bidders: z.number().int().min(0).describe('Bidders it cut (the operator sees all; a bidder only itself)'),
  mwhCut: z.number().min(0).describe('Energy it cut, MWh, over the cuts shown'),
  cuts: z.array(CurtailmentCutSchema),
}).meta({ id: 'CurtailmentSummary' });
export type CurtailmentSummary = z.infer<typeof CurtailmentSummarySchema>;

export const CurtailmentListSchema = z.strictObject({
  auctionId: z.string(),
  items: z.array(CurtailmentSummarySchema),
  nextAfter: z.number().int().min(1).optional().describe('Pass as ?after= for the next page'),
}).meta({ id: 'CurtailmentList' });
export type CurtailmentList = z.infer<typeof CurtailmentListSchema>;

