// Composition root shared by the Lambda entry (functions/api.ts) and `npm start`: config →
// DynamoDB client → store → market deps → app. The only place the adapter meets the core.
import type { Config } from '../config';
import { createDocumentClient } from '../store/dynamodb-client';
import { createDynamoDbStore } from '../store/dynamodb-store';
import { randomIds, systemClock } from '../market/system';
import { seedBootstrapKey } from '../market/keys';
import type { MarketDeps } from '../market/ports';
import { createApp } from './app';
import { Logger } from '@aws-lambda-powertools/logger';
import type { ClearingEngine } from '../lifecycle/ports';
import { clearingEngine } from '../wiring/engine';
import { createLifecycleWiring, noMetrics } from '../wiring/lifecycle';

export function createRuntime(config: Config, overrides: Partial<MarketDeps> = {}, engine: ClearingEngine = clearingEngine) {
  const doc = createDocumentClient(config.dynamodb);
  const market: MarketDeps = { store: createDynamoDbStore(doc, config.tableName), clock: systemClock, ids: randomIds, ...overrides };
  const lifecycle = createLifecycleWiring({ doc, tableName: config.tableName, market: market.store, engine, clock: market.clock, lifecycle: config.lifecycle });
  const logger = new Logger({ logLevel: config.logLevel, serviceName: config.serviceName });
  const logError = (message: string, error: unknown) => {
    if (config.logLevel === 'SILENT') return;
    console.error(JSON.stringify({ level: 'ERROR', message, error: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error) }));
  };
  // HTTP clears report no CloudWatch metrics (the scheduled function does, functions/clear.ts).
  const app = createApp({ market, rateLimit: config.rateLimit, logError, lifecycle: { ...lifecycle, logger, metrics: noMetrics }, sessionSecret: config.sessionSecret });
  return {
    app, market, doc, lifecycle, logger,
    /** Seeds BROKER_BOOTSTRAP_KEY (a conditional put: a no-op when it exists). */
    async seed() { if (config.bootstrapKey) await seedBootstrapKey(market, config.bootstrapKey); },
  };
}
