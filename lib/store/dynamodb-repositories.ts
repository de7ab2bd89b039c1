// Every repository of the table, built once per (client, table, clock). Each owns its item kinds
// (lib/store/items/); the port assemblies (dynamodb-store.ts, dynamodb-lifecycle-store.ts,
// dynamodb-notify-store.ts) are thin views over these.
import type { BatchRetryOptions } from './batch-write';
import type { BlobOptions } from './blob';
import type { Table } from './table';
import type { KeyStore, BidStore, SessionStore } from '../market/ports';
import type { WebhookRegistry } from '../notify/ports';
import { createKeyRepository } from './repositories/key-repository';
import { createSessionRepository } from './repositories/session-repository';
import { createAuctionRepository, type AuctionRepository } from './repositories/auction-repository';
import { createForecastRepository, type ForecastRepository } from './repositories/forecast-repository';
import { createBidRepository } from './repositories/bid-repository';
import { createIdempotencyRepository, type IdempotencyRepository } from './repositories/idempotency-repository';
import { createBlobStorage, type BlobStorage } from './repositories/blob-storage';
import { createCurtailmentRepository, type CurtailmentRepository } from './repositories/curtailment-repository';
import { createOutboxRepository, type OutboxRepository } from './repositories/outbox-repository';
import { createWebhookRepository } from './repositories/webhook-repository';
import { createEventsFeed, type EventsRepository } from './repositories/events-feed';

export interface Repositories {
  table: Table;
  keys: KeyStore;
  sessions: SessionStore;
  auctions: AuctionRepository;
  forecasts: ForecastRepository;
  bids: BidStore;
  idempotency: IdempotencyRepository;
  blobs: BlobStorage;
  curtailments: CurtailmentRepository;
  outbox: OutboxRepository;
  webhooks: WebhookRegistry;
  events: EventsRepository;
}

export interface RepositoryOptions {
  /** Chunk size of books, results and curtailment records (tests use tiny chunks). */
  chunkBytes?: number | undefined;
  retry?: BatchRetryOptions | undefined;
}

/** `shared.auctions`: an auction repository (and its read cache) already serving this table. */
export function createRepositories(table: Table, options: RepositoryOptions = {}, shared: { auctions?: AuctionRepository } = {}): Repositories {
  const blobOptions: BlobOptions = { chunkBytes: options.chunkBytes, retry: options.retry };
  const auctions = shared.auctions ?? createAuctionRepository(table);
  const idempotency = createIdempotencyRepository(table);
  const outbox = createOutboxRepository(table);
  const events = createEventsFeed(table, options.retry);
  return {
    table,
    keys: createKeyRepository(table),
    sessions: createSessionRepository(table),
    auctions,
    forecasts: createForecastRepository(table, auctions),
    bids: createBidRepository(table, auctions, idempotency),
    idempotency,
    blobs: createBlobStorage(table, blobOptions),
    curtailments: createCurtailmentRepository(table, { auctions, events, outbox }, blobOptions),
    outbox,
    webhooks: createWebhookRepository(table),
    events,
  };
}
