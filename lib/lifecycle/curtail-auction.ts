// `POST /v1/auctions/{id}/curtailments`: validate the revision, compute the new dispatch and the
// notices (pure), commit them with one conditional write, then fan out to the events feed and the
// webhook outbox (idempotent). A large fan-out (thousands of notices on a national auction) is not
// awaited: the caller gets `fanOut: "pending"` and runs `finishFanOut` in the background; the commit
// stays in the "fan-out pending" index until it completes, so the scheduler's repair finishes it
// if the process stops first (nothing lost).
import type { CurtailmentRecord, CurtailmentRequest, CurtailmentResponse, OutboxEntry } from '../../schemas/lifecycle';
import type { WebhookDirectory } from '../notify/outbox';
import type { AuctionRecord, CurtailmentNotices, PublishedAuctionStore } from './ports';
import type { Book } from '../../schemas/book';

/** More outbox entries for a committed curtailment (OpenADR subscriptions: lib/openadr). */
export interface NoticeSubscribers {
  entriesFor(record: CurtailmentNotices, book: Book, auction: AuctionRecord): Promise<OutboxEntry[]>;
  /** After a result is published: notify the new allocation events (idempotent; returns how many were enqueued). */
  published?(auctionId: string): Promise<number>;
}
import type { Clock } from '../kernel/ports';
import { curtail, validateCurtailment, type FieldIssue } from './curtail';
import { isoUtc } from '../kernel/interval-time';
import { mapLimit } from '../kernel/map-limit';

export type CurtailAuctionOutcome =
  | { kind: 'not-found' }
  | { kind: 'invalid'; issues: FieldIssue[] }
  | { kind: 'conflict'; reason: string }
  | { kind: 'applied'; response: CurtailmentResponse; record?: CurtailmentRecord; finishFanOut?: () => Promise<void> };

/** Up to this many notices the fan-out runs inside the request (a few writes); beyond it, in the background. */
export const INLINE_FAN_OUT_NOTICES = 200;

export async function curtailAuction(deps: {
  store: PublishedAuctionStore;
  directory: WebhookDirectory;
  subscribers?: NoticeSubscribers | undefined;
  clock: Clock;
  minNoticeMs?: number;
  inlineFanOutNotices?: number;
}, auctionId: string, request: CurtailmentRequest, meta: { requestedBy?: string | undefined } = {}): Promise<CurtailAuctionOutcome> {
  // Only what the cut reads (a lean parse, cached per process): the answer of a national
  // curtailment stays within 1 s. The full book is read only by subscribers, in the fan-out.
  const inputs = await deps.store.readCurtailmentInputs(auctionId);
  if (!inputs) return { kind: 'not-found' };
  const { auction, book, dispatch } = inputs;
  if (auction.status !== 'cleared' && auction.status !== 'delivering') {
    return { kind: 'conflict', reason: `curtailment applies to cleared or delivering auctions; this one is ${auction.status}` };
  }
  const now = deps.clock.now();
  const issues = validateCurtailment(auction, request.intervals, now, deps.minNoticeMs ?? 0);
  if (issues.length > 0) return { kind: 'invalid', issues };

  const out = curtail({ book, dispatch, revisions: request.intervals, noticeTime: now });
  const base = { auctionId, affectedBidders: out.notices.map((n) => n.bidderId), notices: out.notices.length };
  if (out.changes.length === 0) return { kind: 'applied', response: { ...base, dispatchVersion: dispatch.version, changed: false, fanOut: 'complete' } };

  const record: CurtailmentRecord = {
    auctionId, version: out.dispatch.version, at: isoUtc(now.getTime()),
    revisions: [...request.intervals].sort((a, b) => a.index - b.index),
    ...(meta.requestedBy ? { requestedBy: meta.requestedBy } : {}),
    dispatch: out.dispatch, notices: out.notices,
  };
  if (!(await deps.store.commitCurtailment(record, dispatch))) {
    return { kind: 'conflict', reason: 'another curtailment was applied meanwhile; read the auction and try again' };
  }
  const subscriberEntries = async (subscribers: NoticeSubscribers) => {
    const published = await deps.store.readPublished(auctionId);
    if (!published) throw new Error(`auction ${auctionId} has no published result to notify subscribers of`);
    return subscribers.entriesFor(record, published.book, published.auction);
  };
  const finishFanOut = async () => deps.store.publishNotices(record, [
    ...await outboxEntriesFor(record, deps.directory),
    ...(deps.subscribers ? await subscriberEntries(deps.subscribers) : []),
  ]);
  const response = { ...base, dispatchVersion: record.version, changed: true };
  if (record.notices.length <= (deps.inlineFanOutNotices ?? INLINE_FAN_OUT_NOTICES)) {
    await finishFanOut();
    return { kind: 'applied', response: { ...response, fanOut: 'complete' }, record };
  }
  return { kind: 'applied', response: { ...response, fanOut: 'pending' }, record, finishFanOut };
}

/** One outbox entry per notice whose bidder has a webhook; the body is fixed here, once. */
export async function outboxEntriesFor(record: CurtailmentNotices, directory: WebhookDirectory): Promise<OutboxEntry[]> {
  const entries: OutboxEntry[] = [];
  // Lookups in parallel (thousands of notices on a national auction), entries in notice order.
  const hooks = await mapLimit(record.notices, 32, (n) => directory.webhookFor(n.bidderId));
  for (const [i, n] of record.notices.entries()) {
    if (!hooks[i]) continue;
    entries.push({
      id: n.eventId, eventId: n.eventId, bidderId: n.bidderId, body: JSON.stringify(n),
      status: 'pending', attempts: 0, nextAttemptAt: record.at, createdAt: record.at,
    });
  }
  return entries;
}
