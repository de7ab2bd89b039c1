// Composition of the lifecycle: DynamoDB adapters + engine + config → the deps of the use cases,
// and the two scheduled "ticks" shared by the Lambda entry points (functions/clear.ts,
// functions/deliver-notices.ts) and npm start's scheduler (scripts/lifecycle-scheduler.ts).
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config';
import type { MarketStore } from '../market/ports';
import type { ClearingEngine, Clock, LoggerPort, MetricsPort } from '../lifecycle/ports';
import { clearDueAuctions, type AuctionRun, type ClearingDeps } from '../lifecycle/clear-auction';
import { repairFanOut } from '../lifecycle/repair-fan-out';
import { processOutbox, type OutboxRunSummary } from '../notify/outbox';
import type { FetchLike } from '../notify/deliver';
import type { RetryPolicy } from '../notify/retry-policy';
import { createDynamoDbLifecycleStore, type DynamoDbLifecycleStore, type LifecycleStoreOptions } from '../store/dynamodb-lifecycle-store';
import { createDynamoDbEvents, createDynamoDbOutbox, createDynamoDbWebhooks } from '../store/dynamodb-notify-store';
import type { EventsFeed, WebhookRegistry } from '../notify/ports';
import type { OutboxPort } from '../notify/outbox';

export interface LifecycleWiring {
  store: DynamoDbLifecycleStore;
  outbox: OutboxPort;
  webhooks: WebhookRegistry;
  events: EventsFeed;
  engine: ClearingEngine;
  clock: Clock;
  clearing: { timeLimitMs: number; leaseMs: number; maxAttempts: number; httpTimeLimitMs: number };
  webhookPolicy: { allowPrivate: boolean };
}

export function createLifecycleWiring(input: {
  doc: DynamoDBDocumentClient;
  tableName: string;
  market: MarketStore;
  engine: ClearingEngine;
  clock: Clock;
  lifecycle: Config['lifecycle'];
  storeOptions?: LifecycleStoreOptions;
}): LifecycleWiring {
  const { doc, tableName, lifecycle } = input;
  return {
    store: createDynamoDbLifecycleStore(doc, tableName, input.market, input.storeOptions),
    outbox: createDynamoDbOutbox(doc, tableName),
    webhooks: createDynamoDbWebhooks(doc, tableName),
    events: createDynamoDbEvents(doc, tableName),
    engine: input.engine,
    clock: input.clock,
    clearing: { timeLimitMs: lifecycle.timeLimitMs, leaseMs: lifecycle.leaseMs, maxAttempts: lifecycle.maxAttempts, httpTimeLimitMs: lifecycle.httpTimeLimitMs },
    webhookPolicy: { allowPrivate: lifecycle.webhookAllowPrivate },
  };
}

/** The clearing use case's deps for one invocation (`owner` unique per invocation). */
export function clearingDeps(w: LifecycleWiring, run: { owner: string; metrics: MetricsPort; logger: LoggerPort; timeLimitMs?: number }): ClearingDeps {
  const timeLimitMs = run.timeLimitMs ?? w.clearing.timeLimitMs;
  // A shorter budget (the HTTP route) keeps the same margin between solve time and lease.
  const leaseMs = Math.max(w.clearing.leaseMs - (w.clearing.timeLimitMs - timeLimitMs), timeLimitMs + 60_000);
  return { store: w.store, clock: w.clock, engine: w.engine, owner: run.owner, leaseMs, maxAttempts: w.clearing.maxAttempts, timeLimitMs, metrics: run.metrics, logger: run.logger };
}

export interface ClearTickSummary { runs: AuctionRun[]; fanOutRepaired: number }

/** functions/clear.ts and the local scheduler: advance every due auction, then repair any unfinished notice fan-out. */
export async function clearTick(w: LifecycleWiring, run: { owner: string; metrics: MetricsPort; logger: LoggerPort }): Promise<ClearTickSummary> {
  const runs = await clearDueAuctions(clearingDeps(w, run));
  let fanOutRepaired = 0;
  try {
    fanOutRepaired = await repairFanOut({ store: w.store, directory: w.webhooks, clock: w.clock, logger: run.logger });
  } catch (error) {
    run.logger.error('notice fan-out repair failed', { error: error instanceof Error ? error.message : String(error) });
  }
  return { runs, fanOutRepaired };
}

/** functions/deliver-notices.ts and the local scheduler: push due outbox entries. */
export async function deliverTick(w: LifecycleWiring, run: { owner: string; fetch: FetchLike; logger: LoggerPort; policy?: RetryPolicy }): Promise<OutboxRunSummary> {
  return processOutbox({ outbox: w.outbox, directory: w.webhooks, fetch: run.fetch, clock: w.clock, owner: run.owner, logger: run.logger, ...(run.policy ? { policy: run.policy } : {}) });
}

/** For places without CloudWatch (npm start, tests): metrics are dropped. */
export const noMetrics: MetricsPort = { addMetric: () => undefined };
