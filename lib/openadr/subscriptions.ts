// OpenADR subscriptions (docs/openadr.md § Subscriptions): a VEN's callback URLs (and the bearer
// token the VTN sends them) for its programs' objects. New events reach them as the spec's
// notification through the broker's webhook outbox — the same retries, HMAC signature headers
// (signed with the subscription's own secret, shown once at creation) and address policy.
import type { Book } from '../../schemas/book';
import type { CurtailmentRecord, OutboxEntry } from '../../schemas/lifecycle';
import type { AuctionRecord, CurtailmentNotices, PublishedAuctionStore } from '../lifecycle/ports';
import { dispatchFromResult } from '../lifecycle/dispatch';
import type { Clock } from '../kernel/ports';
import { isoUtc } from '../kernel/interval-time';
import type { NoticeSubscribers } from '../lifecycle/curtail-auction';
import type { WebhookRegistry } from '../notify/ports';
import { allocationEvents, curtailmentEvents } from './events';
import type { OadrEvent, OadrNotification, OadrSubscription } from './objects';

export interface StoredSubscription {
  bidderId: string;
  /** As the VEN sees it: id, times and objectType provisioned by the VTN. */
  subscription: OadrSubscription & { id: string };
  /** HMAC key of the X-Broker-Signature header on this subscription's notifications. */
  signingSecret: string;
}

export interface SubscriptionStore {
  put(s: StoredSubscription): Promise<void>;
  /** Every bidder's subscriptions (few: one or two per VEN), by bidder. */
  listAll(): Promise<StoredSubscription[]>;
  /** The bidder's subscriptions in id order. */
  list(bidderId: string): Promise<StoredSubscription[]>;
  get(bidderId: string, id: string): Promise<StoredSubscription | undefined>;
  /** The removed subscription, or undefined when there was none. */
  delete(bidderId: string, id: string): Promise<StoredSubscription | undefined>;
}

/** Outbox entries for subscriptions name their target in `bidderId`: `openadr3:<bidder>:<subscription>:<operation index>`. */
const TARGET = /^openadr3:([A-Za-z0-9._-]+):([A-Za-z0-9_-]+):([0-9]{1,3})$/;
const targetOf = (bidderId: string, subscriptionId: string, k: number) => `openadr3:${bidderId}:${subscriptionId}:${k}`;

/** Whether operation `k` of a subscription wants this new event. */
function wants(s: OadrSubscription, event: OadrEvent, k: number): boolean {
  const op = s.objectOperations[k]!;
  return s.programID === event.programID && op.objects.includes('EVENT') && op.operations.includes('CREATE');
}

export function notificationOf(event: OadrEvent): OadrNotification {
  return { objectType: 'EVENT', operation: 'POST', object: event };
}

/** One outbox entry per subscribed callback that wants the event. */
function entriesOf(subs: readonly StoredSubscription[], bidderId: string, event: OadrEvent, at: string): OutboxEntry[] {
  const body = JSON.stringify(notificationOf(event));
  return subs.flatMap((s) => s.subscription.objectOperations.flatMap((_, k): OutboxEntry[] => (wants(s.subscription, event, k)
    ? [{ id: `${event.id}~${s.subscription.id}~${k}`, eventId: event.id!, bidderId: targetOf(bidderId, s.subscription.id, k), body, status: 'pending', attempts: 0, nextAttemptAt: at, createdAt: at }]
    : [])));
}

export interface PublicationDeps {
  published: PublishedAuctionStore;
  /** Conditional put of an outbox entry (false when it exists: a re-run enqueues nothing twice). */
  enqueue(entry: OutboxEntry): Promise<boolean>;
  clock: Clock;
}

/** Curtailment events (and, with `publication`, the allocation events of a new result) as outbox entries for each subscribed callback. */
export function createNoticeSubscribers(store: SubscriptionStore, publication?: PublicationDeps): NoticeSubscribers {
  return {
    async published(auctionId) {
      if (!publication) return 0;
      const all = await store.listAll();
      if (all.length === 0) return 0;
      const p = await publication.published.readPublished(auctionId);
      if (!p) return 0;
      const allocation = new Map(dispatchFromResult(p.book, p.result).bids.map((r) => [r.bidId, r.mw]));
      const at = isoUtc(publication.clock.now().getTime());
      let enqueued = 0;
      for (const bidderId of new Set(all.map((s) => s.bidderId))) {
        const subs = all.filter((s) => s.bidderId === bidderId);
        for (const event of allocationEvents(p.auction, p.book, allocation, bidderId)) {
          for (const entry of entriesOf(subs, bidderId, event, at)) if (await publication.enqueue(entry)) enqueued++;
        }
      }
      return enqueued;
    },
    async entriesFor(record: CurtailmentNotices, book: Book, auction: AuctionRecord): Promise<OutboxEntry[]> {
      const entries: OutboxEntry[] = [];
      const byBidder = new Map<string, StoredSubscription[]>();
      for (const notice of record.notices) {
        let subs = byBidder.get(notice.bidderId);
        if (!subs) byBidder.set(notice.bidderId, (subs = await store.list(notice.bidderId)));
        if (subs.length === 0) continue;
        for (const event of curtailmentEvents(auction, book, notice)) entries.push(...entriesOf(subs, notice.bidderId, event, record.at));
      }
      return entries;
    },
  };
}

/** The webhook registry, plus subscription callbacks for the outbox entries that name one. */
export function withSubscriptionCallbacks(webhooks: WebhookRegistry, store: SubscriptionStore): WebhookRegistry {
  return {
    ...webhooks,
    async webhookFor(target) {
      const m = TARGET.exec(target);
      if (!m) return webhooks.webhookFor(target);
      const found = await store.get(m[1]!, m[2]!);
      const op = found?.subscription.objectOperations[Number(m[3])];
      if (!found || !op) return undefined;
      return { url: op.callbackUrl, secret: found.signingSecret, ...(op.bearerToken ? { headers: { authorization: `Bearer ${op.bearerToken}` } } : {}) };
    },
  };
}
