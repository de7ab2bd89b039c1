// OpenADR subscription item (docs/table-design.md § OpenADR subscriptions): one per subscription in
// its bidder's partition; the signing secret is stored as issued (HMAC needs the key itself).
import { z } from 'zod';
import { SubscriptionSchema } from '../../openadr/objects';
import type { StoredSubscription } from '../../openadr/subscriptions';
import { subscriptionKeys } from '../keys';
import { itemCodec } from './item-codec';

export const SubscriptionItemSchema = z.object({
  pk: z.string().startsWith('OADRSUB#'),
  sk: z.string().startsWith('SUB#'),
  type: z.literal('oadr-subscription'),
  gsi1pk: z.string(),
  gsi1sk: z.string(),
  bidderId: z.string(),
  subscription: SubscriptionSchema.extend({ id: z.string() }),
  signingSecret: z.string(),
});

export const subscriptionCodec = itemCodec<StoredSubscription, typeof SubscriptionItemSchema>('oadr-subscription', SubscriptionItemSchema, {
  encode: (s) => ({ ...subscriptionKeys.subscription(s.bidderId, s.subscription.id), type: 'oadr-subscription', gsi1pk: subscriptionKeys.all(), gsi1sk: `${s.bidderId}#${s.subscription.id}`, bidderId: s.bidderId, subscription: s.subscription, signingSecret: s.signingSecret }),
  fromItem: (i) => ({ bidderId: i.bidderId, subscription: i.subscription, signingSecret: i.signingSecret }),
});
