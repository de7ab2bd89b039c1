// Adapters + engine + configured budgets → the lifecycle services the routes and ticks receive.
import type { Config } from '../config';
import type { Clock } from '../kernel/ports';
import type { ClearingEngine } from '../lifecycle/ports';
import type { LifecycleServices } from '../lifecycle/services';
import type { DynamoDbAdapters } from './dynamodb-adapters';
import { createNoticeSubscribers, withSubscriptionCallbacks } from '../openadr/subscriptions';

export function lifecycleServices(config: Config, adapters: DynamoDbAdapters, engine: ClearingEngine, clock: Clock): LifecycleServices {
  const { timeLimitMs, leaseMs, maxAttempts, webhookAllowPrivate } = config.lifecycle;
  return {
    store: adapters.lifecycle, outbox: adapters.outbox,
    // OpenADR subscription callbacks are outbox targets too (docs/openadr.md § Subscriptions).
    webhooks: withSubscriptionCallbacks(adapters.webhooks, adapters.subscriptions), events: adapters.events, engine, clock,
    clearing: { timeLimitMs, leaseMs, maxAttempts },
    webhookPolicy: { allowPrivate: webhookAllowPrivate },
    meter: adapters.meter,
    subscribers: createNoticeSubscribers(adapters.subscriptions, { published: adapters.lifecycle, enqueue: (entry) => adapters.outbox.put(entry), clock }),
  };
}
