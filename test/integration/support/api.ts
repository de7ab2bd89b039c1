// An app on a fresh DynamoDB Local table with a settable clock, sequential ids and a bootstrap
// operator key; helpers to call it as a client would.
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { createTestTable, type TestTable } from '../../support/dynamodb';
import { createDynamoDbStore } from '../../../lib/store/dynamodb-store';
import { manualClock, sequentialIds, type ManualClock } from '../../../lib/market/test-ports';
import { seedBootstrapKey } from '../../../lib/market/keys';
import { createApp, type App } from '../../../lib/http/app';
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

export async function createHarness(options: { rateLimit?: { perSecond: number; burst: number } } = {}): Promise<Harness> {
  const table = await createTestTable('api');
  const clock = manualClock(NOW);
  const market: MarketDeps = { store: createDynamoDbStore(table.doc, table.tableName), clock, ids: sequentialIds() };
  await seedBootstrapKey(market, OPERATOR_KEY);
  const app = createApp({ market, rateLimit: options.rateLimit, logError: (m, e) => console.error(m, e) });

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
