// The clearing result file `surplus-clearing/v1` (SPEC §3).
import { z } from 'zod';

export const RESULT_FORMAT = 'surplus-clearing/v1';

export const IntervalResultSchema = z.strictObject({
  price: z.number().describe('Uniform clearing price per MWh (marginal price, for information, under pay-as-bid)'),
  aiMw: z.number().min(0),
  miningMw: z.number().min(0),
  unallocatedMw: z.number().min(0),
  firmPrice: z.number().optional().describe('Books with firm capacity (uniform pricing): the price per MWh of firm quantity, ≥ price; above it only where firm allocations use all of firmMw'),
  firmMw: z.number().min(0).optional().describe('Books with firm capacity: firm MW allocated'),
  atRiskMw: z.number().min(0).optional().describe('Books with firm capacity: interruptible MW a fall of the surplus to firmMw would curtail'),
}).meta({ id: 'IntervalResult' });

/** Why a bid was not fully accepted (SPEC §2 "Reasons"; engine version 2 on). Money in the currency, to the cent. */
export const BidReasonFields = {
  reason: z.enum(['below-reserve', 'out-of-the-money', 'paradoxically-rejected', 'exclusive-group', 'parent-rejected', 'firm-capacity', 'marginal', 'no-index']).optional()
    .describe('Present on every bid not fully accepted'),
  shortfall: z.number().min(0).optional().describe('out-of-the-money: what the bid would lose at the clearing prices (block: at its best start, full ratio)'),
  foregone: z.number().min(0).optional().describe('paradoxically-rejected: what the block would have gained at the clearing prices'),
  bestStart: z.number().int().min(0).optional().describe('Block: the start interval the shortfall or foregone gain refers to'),
  acceptedMember: z.string().optional().describe('exclusive-group: the id of the group\'s block that was accepted'),
};

export const CurveBidResultSchema = z.strictObject({
  id: z.string(),
  accepted: z.boolean(),
  mw: z.array(z.number().min(0)).describe('One entry per interval of [from, to); empty when rejected'),
  stepPrices: z.array(z.number().min(0)).optional().describe('Bids with indexed steps: the effective price per MWh of each step, in step order'),
  ...BidReasonFields,
}).meta({ id: 'CurveBidResult' });

export const BlockBidResultSchema = z.strictObject({
  id: z.string(),
  accepted: z.boolean(),
  start: z.number().int().min(0).optional().describe('Start interval when accepted'),
  ratio: z.number().min(0).max(1).describe('0 when rejected'),
  ...BidReasonFields,
}).meta({ id: 'BlockBidResult' });

export const BidResultSchema = z.union([CurveBidResultSchema, BlockBidResultSchema]).meta({ id: 'BidResult' });

export const ResultSchema = z.strictObject({
  format: z.literal(RESULT_FORMAT),
  auctionId: z.string(),
  inputDigest: z.string().regex(/^sha256:[0-9a-f]{64}$/),
  intervals: z.array(IntervalResultSchema),
  bids: z.array(BidResultSchema),
  welfare: z.number(),
  bound: z.number().describe('A proven upper bound on the achievable welfare'),
  optimal: z.boolean().describe('True only when welfare is proven to equal the bound'),
  paradoxicallyRejected: z.array(z.string()),
  stats: z.looseObject({
    solveMs: z.number().min(0).optional().describe('Wall-clock solve time; present only when timings were requested, since it differs between runs'),
  }),
}).meta({ id: 'SurplusClearingV1' });

export type IntervalResult = z.infer<typeof IntervalResultSchema>;
export type CurveBidResult = z.infer<typeof CurveBidResultSchema>;
export type BlockBidResult = z.infer<typeof BlockBidResultSchema>;
export type BidResult = z.infer<typeof BidResultSchema>;
export type ClearingResult = z.infer<typeof ResultSchema>;
