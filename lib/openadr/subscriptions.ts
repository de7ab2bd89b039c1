// OpenADR subscriptions (docs/openadr.md § Subscriptions): a VEN's callback URLs (and the bearer
// token the VTN sends them) for its programs' objects. New events reach them as the spec's
// notification through the broker's webhook outbox — the same retries, HMAC signature headers
// (signed with the subscription's own secret, shown once at creation) and address policy.
import type { Book } from '../../schemas/book';
import type { CurtailmentRecord, OutboxEntry } from '../../schemas/lifecycle';
import type { AuctionRecord } from '../lifecycle/ports';
import type { NoticeSubscribers } from '../lifecycle/curtail-auction';
import type { WebhookRegistry } from '../notify/ports';
import { curtailmentEvents } from './events';
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

/** The curtailment events of a committed curtailment, as outbox entries for each subscribed callback. */
export function createNoticeSubscribers(store: SubscriptionStore): NoticeSubscribers {
  return {
    async entriesFor(record: CurtailmentRecord, book: Book, auction: AuctionRecord): Promise<OutboxEntry[]> {
      const entries: OutboxEntry[] = [];
      const byBidder = new Map<string, StoredSubscription[]>();
      for (const notice of record.notices) {
        let subs = byBidder.get(notice.bidderId);
        if (!subs) byBidder.set(notice.bidderId, (subs = await store.list(notice.bidderId)));
        if (subs.length === 0) continue;
        for (const event of curtailmentEvents(auction, book, notice)) {
          const body = JSON.stringify(notificationOf(event));
          for (const s of subs) {
            s.subscription.objectOperations.forEach((_, k) => {
              if (!wants(s.subscription, event, k)) return;
              const target = targetOf(notice.bidderId, s.subscription.id, k);
              entries.push({ id: `${event.id}~${s.subscription.id}~${k}`, eventId: event.id!, bidderId: target, body, status: 'pending', attempts: 0, nextAttemptAt: record.at, createdAt: record.at });
            });
          }
        }
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
