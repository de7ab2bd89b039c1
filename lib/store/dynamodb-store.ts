// The DynamoDB adapter behind the market store port (lib/market/ports.ts): a view over the
// repositories (lib/store/repositories/). Every write that can race is conditional; bid writes
// carry a ConditionCheck on the bid's shard gate copy in the same transaction.
// Layout: docs/table-design.md.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { MarketStore } from '../market/ports';
import type { Clock } from '../kernel/ports';
import { createRepositories, type Repositories } from './dynamodb-repositories';
import { tableOf } from './table';

/** The repositories behind each market store made here, so the lifecycle store shares them (and their read caches). */
const built = new WeakMap<MarketStore, Repositories>();

export function repositoriesOf(store: MarketStore): Repositories | undefined {
  return built.get(store);
}

/** `clock` stamps store-side times; defaults to the system clock. */
export function createDynamoDbStore(doc: DynamoDBDocumentClient, tableName: string, clock?: Clock): MarketStore {
  const repositories = createRepositories(tableOf(doc, tableName, clock));
  const { keys, sessions, auctions, forecasts, bids, idempotency } = repositories;
  const store: MarketStore = { keys, sessions, auctions, forecasts, bids, idempotency };
  built.set(store, repositories);
  return store;
}
