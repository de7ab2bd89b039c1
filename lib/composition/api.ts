// Composition root of the HTTP API: functions/api.ts (Lambda) and apps/local (npm start) build
// the app here, and so do the tests (with overrides). Config → DynamoDB client → adapters →
// market deps + lifecycle services → the Hono app. The only place the API meets its adapters.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config';
import type { Clock, IdGenerator, LoggerPort, MetricsPort } from '../kernel/ports';
import { noMetrics } from '../kernel/ports';
import { randomIds, systemClock } from '../kernel/system';
import type { MarketDeps } from '../market/ports';
import { seedBootstrapKey } from '../market/keys';
import type { ClearingEngine } from '../lifecycle/ports';
import type { ClearingTrigger } from '../lifecycle/clearing-trigger';
import type { LifecycleStoreOptions } from '../store/dynamodb-lifecycle-store';
import { createDocumentClient } from '../store/dynamodb-client';
import { createApp } from '../http/app';
import type { AppDeps } from '../http/env';
import { createDynamoDbAdapters } from './dynamodb-adapters';
import { lifecycleServices } from './lifecycle-services';
import { publishedResultsOnly } from './published-results-engine';
import { createLogger, errorReporter } from './observability';

/** What tests (and benchmarks) may replace; production passes none. */
export interface ApiOverrides {
  doc?: DynamoDBDocumentClient;
  clock?: Clock;
  ids?: IdGenerator;
  engine?: ClearingEngine;
  storeOptions?: LifecycleStoreOptions;
  logger?: LoggerPort;
  /** HTTP clears report no CloudWatch metrics by default (the scheduled function does). */
  metrics?: MetricsPort;
  logError?: (message: string, error: unknown) => void;
  /** The runtime's reader of the caller's address (lib/composition/client-address.ts). */
  clientAddress?: AppDeps['clientAddress'];
  /** Woken after POST …/clear (npm start: its scheduler loop); default: the schedule clears it. */
  clearingTrigger?: ClearingTrigger;
  /** Age of cached keys when authenticating; capped at KEY_MAX_AGE_MS (tests shorten it). */
  keyMaxAgeMs?: number;
}

export function createApiRuntime(config: Config, overrides: ApiOverrides = {}) {
  const doc = overrides.doc ?? createDocumentClient(config.dynamodb);
  const clock = overrides.clock ?? systemClock;
  const adapters = createDynamoDbAdapters(doc, config.tableName, { clock, storeOptions: overrides.storeOptions });
  const logger = overrides.logger ?? createLogger(config);
  const logError = overrides.logError ?? errorReporter(logger);
  const market: MarketDeps = { store: adapters.market, clock, ids: overrides.ids ?? randomIds, keyMaxAgeMs: overrides.keyMaxAgeMs, logError };
  const lifecycle = lifecycleServices(config, adapters, overrides.engine ?? publishedResultsOnly, clock);
  const app = createApp({
    market, rateLimit: config.rateLimit, clientAddress: overrides.clientAddress, logError,
    lifecycle: { ...lifecycle, logger, metrics: overrides.metrics ?? noMetrics, clearingTrigger: overrides.clearingTrigger }, sessionSecret: config.sessionSecret,
    openadr: { subscriptions: adapters.subscriptions },
  });
  return {
    app, market, doc, lifecycle, logger,
    /** Makes BROKER_BOOTSTRAP_KEY the bootstrap key's secret (a no-op when it is; a changed value retires the old one). */
    async seed() { if (config.bootstrapKey) await seedBootstrapKey(market, config.bootstrapKey); },
  };
}

export type ApiRuntime = ReturnType<typeof createApiRuntime>;
