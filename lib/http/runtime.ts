// Composition root shared by the Lambda entry (functions/api.ts) and `npm start`: config →
// DynamoDB client → store → market deps → app. The only place the adapter meets the core.
import type { Config } from '../config';
import { createDocumentClient } from '../store/dynamodb-client';
import { createDynamoDbStore } from '../store/dynamodb-store';
import { randomIds, systemClock } from '../market/system';
import { seedBootstrapKey } from '../market/keys';
import type { MarketDeps } from '../market/ports';
import { createApp } from './app';

export function createRuntime(config: Config, overrides: Partial<MarketDeps> = {}) {
  const doc = createDocumentClient(config.dynamodb);
  const market: MarketDeps = { store: createDynamoDbStore(doc, config.tableName), clock: systemClock, ids: randomIds, ...overrides };
  const logError = (message: string, error: unknown) => {
    if (config.logLevel === 'SILENT') return;
    console.error(JSON.stringify({ level: 'ERROR', message, error: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error) }));
  };
  const app = createApp({ market, rateLimit: config.rateLimit, logError, sessionSecret: config.sessionSecret });
  return {
    app, market, doc,
    /** Seeds BROKER_BOOTSTRAP_KEY (a conditional put: a no-op when it exists). */
    async seed() { if (config.bootstrapKey) await seedBootstrapKey(market, config.bootstrapKey); },
  };
}
