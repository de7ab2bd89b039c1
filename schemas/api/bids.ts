// Bids through the API (SPEC §4): the book's bid shapes (schemas/book.ts) without `id` and
// `bidder` (the broker assigns both), `class` optional, and `workload` allowed in place of `mw`.
// Ranges against the auction (to ≤ intervalCount, …) are checked by the use case, which knows it.
import { z } from 'zod';
import { BidClassSchema, BlockBidSchema, CurveBidSchema, CurveStepSchema, MIN_QUANTUM, PriceIndexRefSchema } from '../book';

const mwOrWorkload = (value: { mw?: number | undefined; workload?: unknown }, ctx: z.RefinementCtx) => {
  if (value.mw === undefined && value.workload === undefined) ctx.addIssue({ code: 'custom', path: ['mw'], message: 'give mw or workload' });
  if (value.mw !== undefined && value.workload !== undefined) ctx.addIssue({ code: 'custom', path: ['workload'], message: 'give mw or workload, not both' });
};

/** A block's quantity: exactly one of `mw`, `workload` (converted to mw) or `profile` (MW per interval). */
const oneQuantity = (value: { mw?: number | undefined; workload?: unknown; profile?: unknown }, ctx: z.RefinementCtx) => {
  const given = (['mw', 'workload', 'profile'] as const).filter((k) => value[k] !== undefined);
  if (given.length === 0) ctx.addIssue({ code: 'custom', path: ['mw'], message: 'give mw, workload or profile' });
  // The first one given is kept; every further one is named.
  for (const extra of given.slice(1)) ctx.addIssue({ code: 'custom', path: [extra], message: `give one of mw, workload or profile, not ${given.join(' and ')}` });
};

const priceOrIndex = (value: { price?: number | undefined; index?: unknown }, ctx: z.RefinementCtx) => {
  if (value.price === undefined && value.index === undefined) ctx.addIssue({ code: 'custom', path: ['price'], message: 'give price or index' });
  if (value.price !== undefined && value.index !== undefined) ctx.addIssue({ code: 'custom', path: ['index'], message: 'give price or index, not both (an indexed step is priced by the index at gate closure)' });
};

/** Bid quantities that refuse 0 (MW, ratios, shares) accept what the book does (≥ MIN_QUANTUM),
 * worded so: the book's "must be 0 or at least 1e-9" would offer a 0 that is refused. */
const atLeastQuantum = (max: number, description: string) =>
  z.number().min(MIN_QUANTUM, { message: `must be at least ${MIN_QUANTUM} (0 is refused)` }).max(max).describe(description);
const inputMw = atLeastQuantum(100_000, 'Megawatts');
const InputIndexSchema = PriceIndexRefSchema.extend({ share: atLeastQuantum(10, PriceIndexRefSchema.shape.share.description ?? 'Share') });

/** A step as bid and stored: `price`, or `index` in its place (the book then carries the index's price). */
const stepFields = {
  price: CurveStepSchema.shape.price.optional().describe('Price per MWh; omit it when giving `index`'),
  index: CurveStepSchema.shape.index,
};

const CurveStepInputSchema = CurveStepSchema.extend({ mw: inputMw.optional().describe('Extra MW wanted at up to this price'), ...stepFields, index: InputIndexSchema.optional().describe('Priced by this index rather than by the bidder') })
  .superRefine((step, ctx) => { mwOrWorkload(step, ctx); priceOrIndex(step, ctx); }).meta({ id: 'CurveStepInput' });

export const StoredCurveStepSchema = CurveStepSchema.extend(stepFields).superRefine(priceOrIndex).meta({ id: 'StoredCurveStep' });

const CurveBidInputBase = CurveBidSchema.omit({ id: true, bidder: true }).extend({
  class: BidClassSchema.optional().describe('One of the key\'s classes; implied when the key has one'),
  steps: z.array(CurveStepInputSchema).min(1).max(100),
});
const BlockBidInputBase = BlockBidSchema.omit({ id: true, bidder: true }).extend({
  class: BidClassSchema.optional().describe('One of the key\'s classes; implied when the key has one'),
  mw: inputMw.optional().describe(BlockBidSchema.shape.mw.description ?? 'Megawatts'),
  profile: z.array(inputMw).min(1).max(672).optional().describe(BlockBidSchema.shape.profile.description ?? 'MW per interval'),
  minAcceptanceRatio: atLeastQuantum(1, 'Smallest share of the MW (or profile) the bidder accepts, in (0, 1]'),
});

export const CurveBidInputSchema = CurveBidInputBase.superRefine((bid, ctx) => {
  if (bid.to <= bid.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'to must be greater than from' });
}).meta({ id: 'CurveBidInput' });

export const BlockBidInputSchema = BlockBidInputBase.superRefine((bid, ctx) => {
  oneQuantity(bid, ctx);
  if (bid.latestStart < bid.earliestStart) ctx.addIssue({ code: 'custom', path: ['latestStart'], message: 'latestStart must not be before earliestStart' });
}).meta({ id: 'BlockBidInput' });

export const BidInputSchema = z.discriminatedUnion('type', [CurveBidInputSchema, BlockBidInputSchema]).meta({ id: 'BidInput' });

/** PATCH (RFC 7396 JSON merge patch) of the bid's own fields: `null` removes an optional field
 * (`parentId`, `exclusiveGroup`, `profile`, `firmness`, …); the merged bid is validated as a whole. */
const removable = <T extends z.ZodType>(schema: T) => schema.nullable().optional();
const blockPatch = BlockBidInputBase.shape;
export const BidPatchSchema = z.strictObject({
  ...CurveBidInputBase.pick({ from: true, to: true, steps: true }).partial().shape,
  ...BlockBidInputBase.pick({ duration: true, earliestStart: true, latestStart: true, price: true, minAcceptanceRatio: true }).partial().shape,
  mw: removable(blockPatch.mw.unwrap()),
  workload: removable(blockPatch.workload.unwrap()),
  profile: removable(blockPatch.profile.unwrap()),
  firmness: removable(blockPatch.firmness.unwrap()),
  exclusiveGroup: removable(blockPatch.exclusiveGroup.unwrap()),
  parentId: removable(blockPatch.parentId.unwrap()),
}).meta({ id: 'BidPatch' });

const stored = {
  auctionId: z.string(),
  catalogueVersion: z.string().optional().describe('Hardware catalogue version used to convert workloads, when any'),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
};
export const StoredCurveBidSchema = CurveBidSchema.extend({ ...stored, steps: z.array(StoredCurveStepSchema).min(1).max(100) }).meta({ id: 'StoredCurveBid' });
/** A stored block has its MW (the workload converted at submission): `mw` or `profile`, exactly one. */
export const StoredBlockBidSchema = BlockBidSchema.extend(stored).superRefine((bid, ctx) => {
  if (bid.mw === undefined && bid.profile === undefined) ctx.addIssue({ code: 'custom', path: ['mw'], message: 'give mw or profile' });
  if (bid.mw !== undefined && bid.profile !== undefined) ctx.addIssue({ code: 'custom', path: ['profile'], message: 'give mw or profile, not both' });
}).meta({ id: 'StoredBlockBid' });
export const StoredBidSchema = z.discriminatedUnion('type', [StoredCurveBidSchema, StoredBlockBidSchema]).meta({ id: 'StoredBid' });

export const BidPageSchema = z.strictObject({
  items: z.array(StoredBidSchema),
  nextCursor: z.string().optional(),
}).meta({ id: 'BidPage' });

export type BidInput = z.infer<typeof BidInputSchema>;
export type BidPatch = z.infer<typeof BidPatchSchema>;
export type StoredBid = z.infer<typeof StoredBidSchema>;
export type StoredCurveStep = z.infer<typeof StoredCurveStepSchema>;
