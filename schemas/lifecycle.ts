// Shapes of the auction lifecycle (SPEC §4–§5): states, curtailment requests and notices,
// dispatch after curtailment, webhook registration, settlement statements.
import { z } from 'zod';
import { BidClassSchema, PricingSchema, SurplusMwSchema } from './book';

const isoTime = z.iso.datetime({ offset: true });
const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

// ---------------------------------------------------------------- lifecycle states

export const AuctionStatusSchema = z
  .enum(['open', 'closed', 'clearing', 'cleared', 'delivering', 'settled', 'failed'])
  .meta({ id: 'AuctionStatus' });

/** When the auction entered each state (ISO 8601 UTC); absent until it did. */
export const LifecycleTimestampsSchema = z.strictObject({
  openedAt: isoTime.optional(),
  closedAt: isoTime.optional().describe('The gate closure that was applied (the scheduled time, or the time of a forced close)'),
  clearingAt: isoTime.optional().describe('First claim by a clearing run'),
  clearedAt: isoTime.optional().describe('Result published'),
  deliveringAt: isoTime.optional().describe('Delivery started (= deliveryStart)'),
  settledAt: isoTime.optional().describe('Delivery ended (= deliveryStart + intervalCount × intervalMinutes); statements final'),
  failedAt: isoTime.optional(),
}).meta({ id: 'LifecycleTimestamps' });

export const ClearingFailureSchema = z.strictObject({
  reason: z.string().max(2000),
  attempts: z.number().int().min(0),
}).meta({ id: 'ClearingFailure' });

/** The clearing bookkeeping kept on the auction item (lease, attempts, the published result). */
export const ClearingStateSchema = z.strictObject({
  owner: z.string().optional().describe('Invocation holding the lease'),
  leaseUntil: isoTime.optional(),
  attempts: z.number().int().min(0).describe('Claims so far (a crashed run counts)'),
  lastError: z.string().max(2000).optional(),
  inputDigest: z.string().optional().describe('Digest of the published book'),
  resultSha256: sha256Hex.optional().describe('sha256 of the published result bytes: names the chunk set that is visible'),
  resultBytes: z.number().int().min(0).optional(),
}).meta({ id: 'ClearingState' });

/** The lifecycle fields of a stored auction (the market service's auction item carries them). */
export const AuctionLifecycleFieldsSchema = z.strictObject({
  status: AuctionStatusSchema,
  timestamps: LifecycleTimestampsSchema,
  clearing: ClearingStateSchema.optional(),
  failure: ClearingFailureSchema.optional(),
}).meta({ id: 'AuctionLifecycleFields' });

// ---------------------------------------------------------------- curtailment

export const CurtailmentRequestSchema = z.strictObject({
  intervals: z.array(z.strictObject({
    index: z.number().int().min(0).max(671).describe('Interval index within the auction'),
    surplusMw: SurplusMwSchema.describe('Revised surplus for this interval'),
  })).min(1).max(672),
}).superRefine((req, ctx) => {
  const seen = new Set<number>();
  req.intervals.forEach((r, i) => {
    if (seen.has(r.index)) ctx.addIssue({ code: 'custom', path: ['intervals', i, 'index'], message: `interval ${r.index} is revised twice` });
    seen.add(r.index);
  });
}).meta({ id: 'CurtailmentRequest' });

/** Dispatch = allocation after curtailment, one full-length MW array per bid (0 outside its intervals). */
export const DispatchSchema = z.strictObject({
  auctionId: z.string(),
  version: z.number().int().min(0).describe('0 = the cleared allocation; n = after the n-th curtailment'),
  bids: z.array(z.strictObject({
    bidId: z.string(),
    mw: z.array(z.number().min(0)).describe('One entry per auction interval'),
  })).describe('Sorted by bidId'),
}).meta({ id: 'Dispatch' });

const IsoDurationSchema = z.string().regex(/^PT(\d+H)?(\d+M)?$/).describe('ISO 8601 duration');
const IntervalPeriodSchema = z.strictObject({ start: isoTime, duration: IsoDurationSchema });

/** An OpenADR 3 `event` object (the subset a VEN needs): one interval per curtailed auction interval. */
export const OpenAdrEventSchema = z.strictObject({
  objectType: z.literal('EVENT'),
  programID: z.string().describe('The auction id'),
  eventName: z.string(),
  priority: z.number().int().min(0),
  payloadDescriptors: z.array(z.strictObject({
    objectType: z.literal('EVENT_PAYLOAD_DESCRIPTOR'),
    payloadType: z.literal('IMPORT_CAPACITY_LIMIT'),
    units: z.literal('MW').describe('OpenADR units are kW-based: a VEN multiplies by 1000'),
  })),
  intervalPeriod: IntervalPeriodSchema.describe('Span from the first affected interval start to the last affected interval end'),
  intervals: z.array(z.strictObject({
    id: z.number().int().min(0).describe('The auction interval index'),
    intervalPeriod: IntervalPeriodSchema,
    payloads: z.array(z.strictObject({
      type: z.literal('IMPORT_CAPACITY_LIMIT'),
      values: z.array(z.number().min(0)).length(1).describe('MW the bidder may draw in this interval (after curtailment)'),
    })).length(1),
  })),
}).meta({ id: 'OpenAdrEvent' });

export const CurtailmentNoticeSchema = z.strictObject({
  eventId: sha256Hex.describe('sha256(auctionId \\n curtailmentVersion \\n bidderId): stable across retries; receivers dedupe by it'),
  type: z.literal('curtailment'),
  auctionId: z.string(),
  bidderId: z.string(),
  curtailmentVersion: z.number().int().min(1),
  noticeTime: isoTime,
  intervals: z.array(z.strictObject({
    index: z.number().int().min(0),
    start: isoTime,
    duration: IsoDurationSchema,
    mwBefore: z.number().min(0).describe('The bidder\'s total dispatch in this interval before this curtailment'),
    mwAfter: z.number().min(0),
    bids: z.array(z.strictObject({ bidId: z.string(), mwBefore: z.number().min(0), mwAfter: z.number().min(0) })),
  })).min(1),
  event: OpenAdrEventSchema,
}).meta({ id: 'CurtailmentNotice' });

// ---------------------------------------------------------------- webhooks

export const WebhookRegistrationRequestSchema = z.strictObject({
  url: z.url({ protocol: /^https?$/ }).max(2048)
    .describe('Where notices are POSTed: https to a public host (loopback, private and link-local addresses are refused; http and private hosts only in local runs)'),
}).meta({ id: 'WebhookRegistrationRequest' });

export const WebhookRegistrationResponseSchema = z.strictObject({
  bidderId: z.string(),
  url: z.string(),
  secret: z.string().regex(/^whsec_[A-Za-z0-9_-]{43}$/).describe('Signing secret; shown once, store it'),
  createdAt: isoTime,
}).meta({ id: 'WebhookRegistrationResponse' });

export const WebhookSchema = WebhookRegistrationResponseSchema.omit({ secret: true }).meta({ id: 'Webhook' });

// ---------------------------------------------------------------- settlement

export const SETTLEMENT_FORMAT = 'surplus-settlement/v1';

export const SettlementLineSchema = z.strictObject({
  bidderId: z.string(),
  bidId: z.string(),
  class: BidClassSchema,
  interval: z.number().int().min(0),
  intervalStart: isoTime,
  step: z.number().int().min(0).nullable().describe('Curve step index under pay-as-bid (each step pays its own price); null otherwise'),
  allocatedMw: z.number().min(0).describe('Cleared allocation'),
  dispatchedMw: z.number().min(0).describe('Allocation after curtailment'),
  deliveredMwh: z.number().min(0).describe('dispatchedMw × interval hours, rounded to 1e-6 MWh'),
  curtailedMwh: z.number().min(0).describe('(allocatedMw − dispatchedMw) × interval hours, rounded to 1e-6 MWh; never charged'),
  price: z.number().min(0).describe('Clearing price (uniform) or bid/step price (pay-as-bid), per MWh'),
  charge: z.number().min(0).describe('deliveredMwh × price rounded half-up to cents'),
  // Metered delivery (SPEC §5): present on lines with a meter reading; deliveredMwh is then the
  // metered energy up to what was allowed (firm blocks: all of the allowed energy).
  meteredMwh: z.number().min(0).optional().describe('Metered energy of this bid and interval (on its first line)'),
  excessMwh: z.number().min(0).optional().describe('Metered energy above what was allowed (dispatchedMw × hours)'),
  imbalanceCharge: z.number().min(0).optional().describe('excessMwh × the imbalance price, rounded to cents'),
  breach: z.boolean().optional().describe('True when the load drew more than it was allowed'),
}).meta({ id: 'SettlementLine' });

const EnergyTotalsSchema = z.strictObject({
  deliveredMwh: z.number().min(0),
  curtailedMwh: z.number().min(0),
  charge: z.number().min(0).describe('Σ of the (rounded) line charges, summed in integer cents'),
  meteredMwh: z.number().min(0).optional().describe('Metered statements: Σ meteredMwh'),
  excessMwh: z.number().min(0).optional(),
  imbalanceCharge: z.number().min(0).optional().describe('Σ imbalanceCharge, in integer cents'),
  breaches: z.number().int().min(0).optional().describe('Lines flagged as a breach'),
});

export const BidderStatementSchema = z.strictObject({
  bidderId: z.string(),
  metering: z.enum(['metered', 'provisional']).optional().describe('Once the auction has meter readings: whether this statement has any (provisional: charged on the allocation)'),
  lines: z.array(SettlementLineSchema),
  totals: EnergyTotalsSchema,
}).meta({ id: 'BidderStatement' });

export const SettlementSchema = z.strictObject({
  format: z.literal(SETTLEMENT_FORMAT),
  auctionId: z.string(),
  currency: z.string(),
  pricing: PricingSchema,
  dispatchVersion: z.number().int().min(0),
  final: z.boolean().describe('True once delivery is over (auction settled)'),
  imbalancePrice: z.number().min(0).optional().describe('Once the auction has meter readings: the price per MWh of energy above what was allowed'),
  statements: z.array(BidderStatementSchema).describe('Sorted by bidderId; a bidder sees only its own. Paged by lines: a statement split over pages carries its full totals on each page'),
  totals: z.strictObject({
    revenue: z.number().min(0),
    deliveredMwh: z.number().min(0),
    curtailedMwh: z.number().min(0),
    byClass: z.strictObject({ ai: EnergyTotalsSchema, mining: EnergyTotalsSchema }),
    imbalanceRevenue: z.number().min(0).optional(),
    breaches: z.number().int().min(0).optional(),
  }).optional().describe('Operator only'),
}).meta({ id: 'Settlement' });

/** One page of GET …/settlement: the settlement's shape; a small auction's first page is all of it. */
export const SettlementPageSchema = SettlementSchema.extend({
  nextCursor: z.string().optional().describe('Present when more lines follow: GET again with ?cursor= for the next page'),
});

export type AuctionStatus = z.infer<typeof AuctionStatusSchema>;
export type LifecycleTimestamps = z.infer<typeof LifecycleTimestampsSchema>;
export type ClearingFailure = z.infer<typeof ClearingFailureSchema>;
export type ClearingState = z.infer<typeof ClearingStateSchema>;
export type AuctionLifecycleFields = z.infer<typeof AuctionLifecycleFieldsSchema>;
export type CurtailmentRequest = z.infer<typeof CurtailmentRequestSchema>;
export type Dispatch = z.infer<typeof DispatchSchema>;
export type OpenAdrEvent = z.infer<typeof OpenAdrEventSchema>;
export type CurtailmentNotice = z.infer<typeof CurtailmentNoticeSchema>;
export type WebhookRegistrationRequest = z.infer<typeof WebhookRegistrationRequestSchema>;
export type WebhookRegistrationResponse = z.infer<typeof WebhookRegistrationResponseSchema>;
export type SettlementLine = z.infer<typeof SettlementLineSchema>;
export type BidderStatement = z.infer<typeof BidderStatementSchema>;
export type Settlement = z.infer<typeof SettlementSchema>;

// ---------------------------------------------------------------- webhook outbox (stored)

/** One pending push of a notice to a bidder's webhook. `body` is fixed at enqueue time so every retry sends the same bytes. */
export const OutboxEntrySchema = z.strictObject({
  id: z.string().describe('Unique per (event, bidder); = eventId for curtailment notices'),
  eventId: z.string(),
  bidderId: z.string(),
  body: z.string(),
  status: z.enum(['pending', 'delivered', 'dead']),
  attempts: z.number().int().min(0),
  nextAttemptAt: isoTime,
  createdAt: isoTime,
  leaseOwner: z.string().optional(),
  leaseUntil: isoTime.optional(),
  lastError: z.string().max(1000).optional(),
  deliveredAt: isoTime.optional(),
}).meta({ id: 'OutboxEntry' });
export type OutboxEntry = z.infer<typeof OutboxEntrySchema>;

// ---------------------------------------------------------------- curtailment record and events feed

/** One applied curtailment, stored once per (auction, version): the commit point of a curtailment. */
export const CurtailmentRecordSchema = z.strictObject({
  auctionId: z.string(),
  version: z.number().int().min(1),
  at: isoTime,
  revisions: CurtailmentRequestSchema.shape.intervals,
  /** The operator key that asked (absent on records stored before it was recorded). */
  requestedBy: z.string().optional(),
  dispatch: DispatchSchema,
  notices: z.array(CurtailmentNoticeSchema),
}).meta({ id: 'CurtailmentRecord' });
export type CurtailmentRecord = z.infer<typeof CurtailmentRecordSchema>;

/**
 * The rows of a dispatch that one curtailment changed, against the version before it (issue 9):
 * per changed bid, the intervals whose MW changed (ascending) and their new MW. Version v is the
 * dispatch of version `from` (= v − 1; 0 = the cleared allocation) with these values set.
 */
export const DispatchDeltaSchema = z.strictObject({
  auctionId: z.string(),
  version: z.number().int().min(1),
  from: z.number().int().min(0).describe('The version these rows change: version − 1'),
  bids: z.array(z.strictObject({
    bidId: z.string(),
    index: z.array(z.number().int().min(0)).min(1).describe('Intervals whose MW changed, ascending'),
    mw: z.array(z.number().min(0)).describe('Their new MW, one per index'),
  }).refine((r) => r.index.length === r.mw.length && r.index.every((t, i) => i === 0 || t > r.index[i - 1]!), 'index ascending, one mw per index'))
    .describe('Changed rows only, in the dispatch\'s row (bidId) order'),
}).refine((d) => d.from === d.version - 1, 'a delta changes the version just before it');
export type DispatchDelta = z.infer<typeof DispatchDeltaSchema>;

/**
 * A curtailment record as stored: its dispatch in full (`dispatch`, records stored before issue 9)
 * or as the delta against the previous version (`dispatchDelta`); exactly one of them.
 */
export const StoredCurtailmentRecordSchema = CurtailmentRecordSchema.omit({ dispatch: true }).extend({
  dispatch: DispatchSchema.optional(),
  dispatchDelta: DispatchDeltaSchema.optional(),
}).refine((r) => (r.dispatch === undefined) !== (r.dispatchDelta === undefined), 'a stored record has its dispatch or its dispatchDelta');
export type StoredCurtailmentRecord = z.infer<typeof StoredCurtailmentRecordSchema>;

export const FanOutStatusSchema = z.enum(['pending', 'complete'])
  .describe('Whether every notice of this curtailment is in the events feed and the webhook outbox; `pending` continues in the background (GET …/curtailments/{version} tells when it is complete)');

export const CurtailmentResponseSchema = z.strictObject({
  auctionId: z.string(),
  dispatchVersion: z.number().int().min(0),
  changed: z.boolean().describe('False when no revised interval was below what is dispatched'),
  affectedBidders: z.array(z.string()),
  notices: z.number().int().min(0),
  fanOut: FanOutStatusSchema,
}).meta({ id: 'CurtailmentResponse' });
export type CurtailmentResponse = z.infer<typeof CurtailmentResponseSchema>;

/** `GET /v1/auctions/{id}/curtailments/{version}`: a committed curtailment and its fan-out. */
export const CurtailmentStatusSchema = z.strictObject({
  auctionId: z.string(),
  version: z.number().int().min(1),
  at: isoTime,
  fanOut: FanOutStatusSchema,
}).meta({ id: 'CurtailmentStatus' });
export type CurtailmentStatus = z.infer<typeof CurtailmentStatusSchema>;

/** `GET /v1/events?cursor=`: the caller's notices, oldest first. */
export const EventsPageSchema = z.strictObject({
  events: z.array(CurtailmentNoticeSchema),
  nextCursor: z.string().optional().describe('Points after the last event returned (the cursor sent, when nothing is new; absent when the feed is empty): poll again with it to get only newer events'),
}).meta({ id: 'EventsPage' });
export type EventsPage = z.infer<typeof EventsPageSchema>;

// ---------------------------------------------------------------- HTTP requests and responses

/** `POST /v1/auctions/{id}/clear`; the body is optional. */
export const ClearRequestSchema = z.strictObject({
  force: z.boolean().optional().describe('Before gate closure: close the gate now and clear. On a failed auction: try again from zero attempts'),
}).meta({ id: 'ClearRequest' });
export type ClearRequest = z.infer<typeof ClearRequestSchema>;

export const ClearResponseSchema = z.strictObject({
  auctionId: z.string(),
  status: AuctionStatusSchema.describe('Status after this request'),
  transitions: z.array(z.string()).describe('State changes made by this request, e.g. "open->closed"'),
  outcome: z.enum(['scheduled', 'published', 'not-claimed', 'lost-lease', 'retry-later', 'failed']).optional()
    .describe('`scheduled`: the auction is due and clears outside the request; poll GET /v1/auctions/{id}. (The other values are kept for clients of an earlier version, which could clear inside the request.)'),
  reason: z.string().optional().describe('Earlier versions: why clearing did not publish (retry-later, failed); now on the auction as `failure`'),
}).meta({ id: 'ClearResponse' });
export type ClearResponse = z.infer<typeof ClearResponseSchema>;

/** `GET /v1/auctions/{id}/settlement` query. */
export const SettlementQuerySchema = z.strictObject({
  bidder: z.string().min(1).max(64).regex(/^[A-Za-z0-9._-]+$/).optional()
    .describe('Operator: only this bidder\'s statement (totals stay those of the whole auction)'),
  // Decimal digits only, as in every other limit (Number() would take '0x10' or '1e3').
  limit: z.string().regex(/^[0-9]{1,5}$/).pipe(z.coerce.number<string>().int().min(1).max(10_000)).default(10_000)
    .describe('Statement lines per page (1..10000): a page stays under ~3 MB'),
  cursor: z.string().min(1).max(512).optional().describe('Opaque cursor from the previous page\'s nextCursor (JSON) or X-Next-Cursor header (CSV)'),
});
