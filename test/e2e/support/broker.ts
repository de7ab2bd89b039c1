// The real broker for the browser and CLI tests: createApp with the DynamoDB store on a fresh
// DynamoDB Local table, served by @hono/node-server on 127.0.0.1 at an ephemeral port, with a
// bootstrap operator key, two bidders and one open auction with a forecast and a bid each.
import type { z } from 'zod';
import { createTestTable, type TestTable } from '../../support/dynamodb';
import { createDynamoDbStore } from '../../../lib/store/dynamodb-store';
import { randomIds, systemClock } from '../../../lib/market/system';
import { seedBootstrapKey } from '../../../lib/market/keys';
import { createApp, type App } from '../../../lib/http/app';
import type { MarketDeps } from '../../../lib/market/ports';
import { serveApp, type RunningServer } from './server';

export const OPERATOR_KEY = 'sb_e2e_operator_key_0123456789abcdef';

export interface Broker {
  app: App;
  server: RunningServer;
  table: TestTable;
  market: MarketDeps;
  /** Calls the API in process as a client would; the JSON body, validated; throws on another status. */
  api<T>(method: string, path: string, key: string, expected: { status: number; schema: z.ZodType<T> }, body?: unknown): Promise<T>;
  close(): Promise<void>;
}

export async function startBroker(): Promise<Broker> {
  const table = await createTestTable('e2e');
  const market: MarketDeps = { store: createDynamoDbStore(table.doc, table.tableName), clock: systemClock, ids: randomIds };
  await seedBootstrapKey(market, OPERATOR_KEY);
  const app = createApp({ market, sessionSecret: 'e2e-session-secret-0123456789abcdef', logError: (m, e) => console.error(m, e) });
  const server = await serveApp(app);
  return {
    app, server, table, market,
    async api(method, path, key, expected, body) {
      const headers: Record<string, string> = { authorization: `Bearer ${key}` };
      if (body !== undefined) headers['content-type'] = typeof body === 'string' ? 'text/csv' : 'application/json';
      const response = await app.request(path, { method, headers, ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}) });
      const text = await response.text();
      if (response.status !== expected.status) throw new Error(`${method} ${path}: ${response.status} ${text}`);
      return expected.schema.parse(JSON.parse(text));
    },
    async close() {
      await server.close();
      await table.drop();
    },
  };
}
