// The real broker for the browser and CLI tests, built as `npm start` builds it (loadConfig →
// startLocalRuntime: the API and the scheduler loop that POST …/clear wakes) on a fresh DynamoDB
// Local table, served by @hono/node-server on 127.0.0.1 at an ephemeral port, with a bootstrap
// operator key. POST …/clear answers 202 and the auction clears right after, as deployed.
import type { z } from 'zod';
import { createTestTable, type TestTable } from '../../support/dynamodb';
import { loadConfig } from '../../../lib/config';
import { startLocalRuntime } from '../../../apps/local/local-runtime';
import type { App } from '../../../lib/http/app';
import { serveApp, type RunningServer } from './server';

export const OPERATOR_KEY = 'sb_e2e_operator_key_0123456789abcdef';

export interface Broker {
  app: App;
  server: RunningServer;
  table: TestTable;
  /** Calls the API in process as a client would; the JSON body, validated; throws on another status. */
  api<T>(method: string, path: string, key: string, expected: { status: number; schema: z.ZodType<T> }, body?: unknown): Promise<T>;
  /** One scheduler tick now (clear what is due, deliver due notices), as the loop would run it. */
  tick(): Promise<void>;
  close(): Promise<void>;
}

/** `env`: more configuration (e.g. WEBHOOK_ALLOW_PRIVATE for a receiver on 127.0.0.1). */
export async function startBroker(env: Record<string, string> = {}): Promise<Broker> {
  const table = await createTestTable('e2e');
  const config = loadConfig({
    TABLE_NAME: table.tableName,
    DYNAMODB_ENDPOINT: table.endpoint,
    AWS_REGION: 'local',
    BROKER_BOOTSTRAP_KEY: OPERATOR_KEY,
    BROKER_SESSION_SECRET: 'e2e-session-secret-0123456789abcdef',
    LOG_LEVEL: 'ERROR',
    CLEARING_TIME_LIMIT_S: '20',
    ...env,
  });
  // Ticks only when woken (POST …/clear): no background state changes under a test's feet.
  const { runtime, scheduler } = startLocalRuntime(config, { intervalMs: 3_600_000 });
  await runtime.seed();
  const app = runtime.app;
  const server = await serveApp(app);
  return {
    app, server, table,
    tick: () => scheduler.tick(),
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
      await scheduler.stop();
      runtime.doc.destroy();
      await table.drop();
    },
  };
}
