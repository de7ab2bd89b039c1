// A broker on a fresh DynamoDB Local table with the lifecycle wired in: the real Hono app, the
// real DynamoDB adapters, a settable clock, sequential ids, and helpers that set up the README
// auction (forecast, bidder keys, bids). `doc` may be wrapped (fault injection) by the caller.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createTestTable, type TestTable } from '../../support/dynamodb';
import { manualClock, sequentialIds, type ManualClock } from '../../support/manual-ports';
import type { App } from '../../../lib/http/app';
import type { MarketDeps } from '../../../lib/market/ports';
import type { ClearingEngine } from '../../../lib/lifecycle/ports';
import type { LoggerPort, MetricsPort } from '../../../lib/kernel/ports';
import { clearTick } from '../../../lib/lifecycle/scheduled-ticks';
import type { LifecycleServices } from '../../../lib/lifecycle/services';
import { loadConfig } from '../../../lib/config';
import { createApiRuntime } from '../../../lib/composition/api';
import type { LifecycleStoreOptions } from '../../../lib/store/dynamodb-lifecycle-store';
import { testEngine } from './engine';
import { appCaller, type Call } from '../../support/app-caller';

import { OPERATOR_KEY } from '../support/api';
export { OPERATOR_KEY };
export const NOW = '2026-11-30T12:00:00.000Z';
export const GATE = '2026-11-30T23:00:00.000Z';
export const DELIVERY = '2026-12-01T00:00:00.000Z';
export const INTERVALS = 8;
/** Delivery end = DELIVERY + 8 × 15 min. */
export const DELIVERY_END = '2026-12-01T02:00:00.000Z';

export const LIFECYCLE_CONFIG = { timeLimitMs: 20_000, leaseMs: 80_000, maxAttempts: 3, webhookAllowPrivate: true };

export class RecordingMetrics implements MetricsPort {
  readonly entries: { name: string; unit: string; value: number }[] = [];
  addMetric(name: string, unit: 'Count' | 'Milliseconds', value: number): void { this.entries.push({ name, unit, value }); }
  count(name: string): number { return this.entries.filter((e) => e.name === name).reduce((s, e) => s + e.value, 0); }
}

/** Errors are printed (a test that expects none shows why it failed); the rest is dropped. */
export const quietLogger: LoggerPort = { info: () => undefined, warn: () => undefined, error: (m, ...x) => { if (!process.env.QUIET_LIFECYCLE_ERRORS) console.error(m, ...x); } };

export interface LifecycleHarness {
  table: TestTable;
  app: App;
  clock: ManualClock;
  market: MarketDeps;
  services: LifecycleServices;
  metrics: RecordingMetrics;
  engine: ClearingEngine;
  call: Call;
  /** Auctions POST …/clear asked the ClearingTrigger to clear (the test then runs the tick). */
  clearingRequests: string[];
  /** One scheduler tick (what functions/clear.ts and npm start's scheduler run). */
  tick(owner?: string): ReturnType<typeof clearTick>;
  /** The README auction: forecast, three bidders, their bids. Returns ids and keys. */
  setupAuction(overrides?: Record<string, unknown>): Promise<Market>;
  drop(): Promise<void>;
}

export interface Market {
  auctionId: string;
  keys: { 'miner-1': string; 'miner-2': string; 'tenant-1': string };
  bids: { 'miner-1': string; 'miner-2': string; 'tenant-1': string };
}

export async function createLifecycleHarness(options: {
  engine?: ClearingEngine;
  storeOptions?: LifecycleStoreOptions;
  wrapDoc?: (doc: DynamoDBDocumentClient) => DynamoDBDocumentClient;
  webhookAllowPrivate?: boolean;
  clock?: ManualClock;
} = {}): Promise<LifecycleHarness> {
  const table = await createTestTable('lc');
  const clock = options.clock ?? manualClock(NOW);
  const doc = options.wrapDoc ? options.wrapDoc(table.doc) : table.doc;
  const engine = options.engine ?? testEngine;
  const metrics = new RecordingMetrics();
  // Built by the production composition root, with the test's table, clock, ids and engine.
  const config = loadConfig({
    TABLE_NAME: table.tableName, DYNAMODB_ENDPOINT: table.endpoint, AWS_REGION: 'local', BROKER_BOOTSTRAP_KEY: OPERATOR_KEY,
    CLEARING_TIME_LIMIT_S: String(LIFECYCLE_CONFIG.timeLimitMs / 1000), BROKER_CLEARING_LEASE_S: String(LIFECYCLE_CONFIG.leaseMs / 1000),
    BROKER_CLEARING_MAX_ATTEMPTS: String(LIFECYCLE_CONFIG.maxAttempts),
    WEBHOOK_ALLOW_PRIVATE: String(options.webhookAllowPrivate ?? true),
  });
  const clearingRequests: string[] = [];
  const runtime = createApiRuntime(config, {
    clearingTrigger: { requestClearing: async (auctionId) => { clearingRequests.push(auctionId); } },
    doc, clock, ids: sequentialIds(), engine, storeOptions: options.storeOptions, logger: quietLogger, metrics, logError: (m, e) => console.error(m, e),
  });
  await runtime.seed();
  const { app, market, lifecycle: services } = runtime;
  let owners = 0;

  const call = appCaller(app, OPERATOR_KEY);
  const ok = async (res: Response, status: number) => {
    if (res.status !== status) throw new Error(`${res.status} ${await res.text()}`);
    return res.json() as Promise<Record<string, unknown>>;
  };

  return {
    table, app, clock, market, services, metrics, engine, call, clearingRequests,
    tick: (owner) => clearTick(services, { owner: owner ?? `tick-${++owners}`, metrics, logger: quietLogger }),
    async setupAuction(overrides = {}) {
      const auction = await ok(await call('POST', '/v1/auctions', { json: { zone: 'PK-NORTH', deliveryStart: DELIVERY, intervalMinutes: 15, intervalCount: INTERVALS, gateClosure: GATE, ...overrides } }), 201);
      const auctionId = auction.id as string;
      const surplus = [300, 300, 250, 250, 200, 200, 300, 300];
      await ok(await call('PUT', `/v1/auctions/${auctionId}/forecast`, { json: { intervals: surplus.map((surplusMw) => ({ surplusMw, reservePrice: 30 })) } }), 200);
      const key = async (bidderId: string, classes: string[]) => (await ok(await call('POST', '/v1/keys', { json: { role: 'bidder', bidderId, classes } }), 201)).key as string;
      const keys = { 'miner-1': await key('miner-1', ['mining']), 'miner-2': await key('miner-2', ['mining']), 'tenant-1': await key('tenant-1', ['ai']) };
      const bid = async (k: string, json: unknown) => (await ok(await call('POST', `/v1/auctions/${auctionId}/bids`, { key: k, json }), 201)).id as string;
      const bids = {
        'miner-1': await bid(keys['miner-1'], { type: 'curve', from: 0, to: INTERVALS, steps: [{ mw: 80, price: 70 }, { mw: 60, price: 45 }] }),
        'miner-2': await bid(keys['miner-2'], { type: 'curve', from: 0, to: INTERVALS, steps: [{ mw: 100, price: 55 }, { mw: 50, price: 40 }] }),
        'tenant-1': await bid(keys['tenant-1'], { type: 'block', mw: 120, duration: 4, earliestStart: 0, latestStart: 4, price: 95, minAcceptanceRatio: 1 }),
      };
      return { auctionId, keys, bids };
    },
    drop: () => table.drop(),
  };
}
