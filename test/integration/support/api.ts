// An app on a fresh DynamoDB Local table with a settable clock, sequential ids and a bootstrap
// operator key; helpers to call it as a client would.
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { createTestTable, type TestTable } from '../../support/dynamodb';
import { manualClock, sequentialIds, type ManualClock } from '../../support/manual-ports';
import type { App } from '../../../lib/http/app';
import { loadConfig } from '../../../lib/config';
import { createApiRuntime, type ApiOverrides } from '../../../lib/composition/api';
import type { MarketDeps } from '../../../lib/market/ports';
import { appCaller, type Call } from '../../support/app-caller';

export const OPERATOR_KEY = 'sb_test_operator_key_0123456789';
export const NOW = '2026-11-30T12:00:00.000Z';
export const GATE = '2026-11-30T23:00:00.000Z';
export const DELIVERY = '2026-12-01T00:00:00.000Z';

export interface Harness {
  table: TestTable;
  app: App;
  clock: ManualClock;
  market: MarketDeps;
  call: Call;
  createAuction(overrides?: Record<string, unknown>): Promise<{ id: string; [k: string]: unknown }>;
  createBidder(bidderId: string, classes: ('ai' | 'mining')[]): Promise<string>;
  scan(): Promise<Record<string, unknown>[]>;
  drop(): Promise<void>;
}

export async function createHarness(options: { rateLimit?: { perSecond: number; burst: number }; clientAddress?: ApiOverrides['clientAddress'] } = {}): Promise<Harness> {
  const table = await createTestTable('api');
  const clock = manualClock(NOW);
  // The production composition root, with the test's table, clock and ids.
  const config = loadConfig({
    TABLE_NAME: table.tableName, DYNAMODB_ENDPOINT: table.endpoint, AWS_REGION: 'local', BROKER_BOOTSTRAP_KEY: OPERATOR_KEY,
    // Unlimited unless a test is about the limit: suites send thousands of requests in bursts.
    BROKER_RATE_LIMIT_PER_SECOND: String(options.rateLimit?.perSecond ?? 1e9), BROKER_RATE_LIMIT_BURST: String(options.rateLimit?.burst ?? 1e9),
  });
  const runtime = createApiRuntime(config, { doc: table.doc, clock, ids: sequentialIds(), clientAddress: options.clientAddress, logError: (m, e) => console.error(m, e) });
  await runtime.seed();
  const { app, market } = runtime;

  const call = appCaller(app, OPERATOR_KEY);

  return {
    table, app, clock, market, call,
    async createAuction(overrides = {}) {
      const res = await call('POST', '/v1/auctions', { json: { zone: 'PK-NORTH', deliveryStart: DELIVERY, intervalMinutes: 15, intervalCount: 96, gateClosure: GATE, ...overrides } });
      if (res.status !== 201) throw new Error(`auction: ${res.status} ${await res.text()}`);
      return res.json() as Promise<{ id: string }>;
    },
    async createBidder(bidderId, classes) {
      const res = await call('POST', '/v1/keys', { json: { role: 'bidder', bidderId, classes } });
      if (res.status !== 201) throw new Error(`key: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { key: string }).key;
    },
    async scan() {
      const items: Record<string, unknown>[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const out = await table.doc.send(new ScanCommand({ TableName: table.tableName, ConsistentRead: true, ExclusiveStartKey: start }));
        items.push(...(out.Items ?? []));
        start = out.LastEvaluatedKey;
      } while (start);
      return items;
    },
    drop: () => table.drop(),
  };
}
