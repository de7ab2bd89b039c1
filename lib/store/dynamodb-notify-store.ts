// DynamoDB adapters of the notice side: the webhook outbox (OutboxPort, every write conditional
// on the entry's lease), webhook registrations (WebhookRegistry) and the per-bidder events feed
// (EventsFeed) — views over their repositories. Layout in docs/table-design.md § Lifecycle.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Clock } from '../kernel/ports';
import type { EventsFeed, WebhookRegistry } from '../notify/ports';
import type { OutboxEntry } from '../../schemas/lifecycle';
import { createOutboxRepository, type OutboxRepository } from './repositories/outbox-repository';
import { createWebhookRepository } from './repositories/webhook-repository';
import { createEventsFeed } from './repositories/events-feed';
import { tableOf } from './table';

/** Enqueue once: an entry that exists (pending, delivered or dead) is never reset by a re-run fan-out. */
export function putOutboxEntry(doc: DynamoDBDocumentClient, tableName: string, entry: OutboxEntry): Promise<boolean> {
  return createOutboxRepository(tableOf(doc, tableName)).put(entry);
}

/** `clock` stamps the TTL of finished entries; defaults to the system clock. */
export function createDynamoDbOutbox(doc: DynamoDBDocumentClient, tableName: string, clock?: Clock): OutboxRepository {
  return createOutboxRepository(tableOf(doc, tableName, clock));
}

export function createDynamoDbWebhooks(doc: DynamoDBDocumentClient, tableName: string): WebhookRegistry {
  return createWebhookRepository(tableOf(doc, tableName));
}

export function createDynamoDbEvents(doc: DynamoDBDocumentClient, tableName: string): EventsFeed {
  return createEventsFeed(tableOf(doc, tableName));
}
