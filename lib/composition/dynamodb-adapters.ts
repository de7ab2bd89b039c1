// The one place the DynamoDB adapters are constructed: every composition root (api, scheduler,
// apps/local) and the integration harnesses get their stores from here, typed on the ports.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Clock } from '../kernel/ports';
import type { MarketStore } from '../market/ports';
import type { LifecycleStorePorts } from '../lifecycle/services';
import type { OutboxRepository } from '../store/repositories/outbox-repository';
import { createDynamoDbStore } from '../store/dynamodb-store';
import { createDynamoDbLifecycleStore, type LifecycleStoreOptions } from '../store/dynamodb-lifecycle-store';
import type { EventsFeed, WebhookRegistry } from '../notify/ports';
import { createDynamoDbEvents, createDynamoDbOutbox, createDynamoDbWebhooks } from '../store/dynamodb-notify-store';
import type { MeterReadingStore } from '../lifecycle/meter-readings';
import { createMeterRepository } from '../store/repositories/meter-repository';
import { tableOf } from '../store/table';
import type { SubscriptionStore } from '../openadr/subscriptions';
import { createSubscriptionRepository } from '../store/repositories/subscription-repository';

export interface DynamoDbAdapters {
  market: MarketStore;
  lifecycle: LifecycleStorePorts;
  outbox: OutboxRepository;
  webhooks: WebhookRegistry;
  events: EventsFeed;
  meter: MeterReadingStore;
  /** OpenADR 3 subscriptions (their callbacks ride the webhook outbox). */
  subscriptions: SubscriptionStore;
}

export interface AdapterOptions { clock: Clock; storeOptions?: LifecycleStoreOptions | undefined }

export function createDynamoDbAdapters(doc: DynamoDBDocumentClient, tableName: string, options: AdapterOptions): DynamoDbAdapters {
  const market = createDynamoDbStore(doc, tableName, options.clock);
  return {
    market,
    // Given the market store, the lifecycle store shares its auction repository (and read cache).
    lifecycle: createDynamoDbLifecycleStore(doc, tableName, market, { ...options.storeOptions, clock: options.clock }),
    outbox: createDynamoDbOutbox(doc, tableName, options.clock),
    webhooks: createDynamoDbWebhooks(doc, tableName),
    events: createDynamoDbEvents(doc, tableName),
    meter: createMeterRepository(tableOf(doc, tableName, options.clock)),
    subscriptions: createSubscriptionRepository(tableOf(doc, tableName, options.clock)),
  };
}
