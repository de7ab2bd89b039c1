// The scheduled Lambda entry points, invoked as Lambda would (handler(event, context)) against
// DynamoDB Local: functions/clear.ts fails an auction that cannot be cleared and emits the
// ClearingFailed metric exactly as docs/deploy.md requires (EMF: namespace from
// POWERTOOLS_METRICS_NAMESPACE, unit Count, value 1, only the `service` dimension);
// functions/deliver-notices.ts runs the outbox.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Context } from 'aws-lambda';
import { createTestTable, type TestTable } from '../../support/dynamodb';
import { createDynamoDbStore } from '../../../lib/store/dynamodb-store';
import { createAuction } from '../../../lib/market/auctions';
import { manualClock, sequentialIds } from '../../support/manual-ports';
import { LOCAL_AWS_ENV } from '../../../apps/local/dynamodb-local';

let t: TestTable;
const saved = { ...process.env };
beforeAll(async () => {
  t = await createTestTable('fn');
  // The entries read their configuration from the environment, as in Lambda.
  Object.assign(process.env, LOCAL_AWS_ENV, { DYNAMODB_ENDPOINT: t.endpoint, TABLE_NAME: t.tableName, POWERTOOLS_METRICS_NAMESPACE: 'SurplusBrokerTest', POWERTOOLS_SERVICE_NAME: 'surplus-broker', LOG_LEVEL: 'ERROR' });
  delete process.env.POWERTOOLS_DEV;
  delete process.env.POWERTOOLS_METRICS_DISABLED;
});
afterAll(async () => {
  for (const k of [...Object.keys(LOCAL_AWS_ENV), 'DYNAMODB_ENDPOINT', 'TABLE_NAME', 'POWERTOOLS_METRICS_NAMESPACE', 'POWERTOOLS_SERVICE_NAME', 'LOG_LEVEL']) {
    if (saved[k] === undefined) delete process.env[k]; else process.env[k] = saved[k];
  }
  await t.drop();
});

const context = (id: string) => ({ awsRequestId: id, functionName: 'clear', functionVersion: '1', invokedFunctionArn: 'arn:aws:lambda:local:0:function:clear', memoryLimitInMB: '1024', logGroupName: 'g', logStreamName: 's', callbackWaitsForEmptyEventLoop: true, getRemainingTimeInMillis: () => 60_000 }) as unknown as Context;

function captureStdout() {
  const lines: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation(((chunk: string | Uint8Array) => { lines.push(String(chunk)); return true; }) as typeof process.stdout.write);
  return { lines, restore: () => spy.mockRestore() };
}

describe('functions/clear.ts', () => {
  it('fails an auction without a forecast and emits ClearingFailed with only the service dimension', async () => {
    // An auction whose gate closed a minute ago (real time: the handler uses the system clock).
    const clock = manualClock(new Date(Date.now() - 3_600_000));
    const market = { store: createDynamoDbStore(t.doc, t.tableName), clock, ids: sequentialIds() };
    const auction = await createAuction(market, {
      zone: 'PK-NORTH', deliveryStart: new Date(Date.now() + 3_600_000).toISOString(), intervalMinutes: 15, intervalCount: 4,
      gateClosure: new Date(Date.now() - 60_000).toISOString(), pricing: 'uniform', currency: 'USD',
    });
    const { handler } = await import('../../../functions/clear');
    const out = captureStdout();
    let result: Awaited<ReturnType<typeof handler>>;
    try {
      result = await handler({ source: 'aws.scheduler' }, context('req-1'));
    } finally {
      out.restore();
    }
    expect(result.auctions).toEqual([{ auctionId: auction.id, transitions: ['open->closed'], outcome: 'failed' }]);
    const emf = out.lines.map((l) => { try { return JSON.parse(l); } catch { return undefined; } }).filter((j) => j?._aws);
    const failed = emf.filter((j) => j._aws.CloudWatchMetrics[0].Metrics.some((m: { Name: string }) => m.Name === 'ClearingFailed'));
    expect(failed).toHaveLength(1);
    const doc = failed[0];
    expect(doc._aws.CloudWatchMetrics[0].Namespace).toBe('SurplusBrokerTest');
    expect(doc._aws.CloudWatchMetrics[0].Dimensions).toEqual([['service']]);
    expect(doc._aws.CloudWatchMetrics[0].Metrics).toContainEqual({ Name: 'ClearingFailed', Unit: 'Count' });
    expect(doc.service).toBe('surplus-broker');
    expect(doc.ClearingFailed).toBe(1);

    const stored = await market.store.auctions.getAuction(auction.id);
    expect(stored).toMatchObject({ status: 'failed', failure: { attempts: 1 } });
    expect(stored!.failure!.reason).toMatch(/no forecast/);
  });
});

describe('functions/deliver-notices.ts', () => {
  it('runs the outbox and reports its counts', async () => {
    const { handler } = await import('../../../functions/deliver-notices');
    const out = captureStdout();
    try {
      expect(await handler({}, context('req-2'))).toEqual({ delivered: 0, retried: 0, dead: 0, skipped: 0, errors: 0 });
    } finally {
      out.restore();
    }
    const emf = out.lines.map((l) => { try { return JSON.parse(l); } catch { return undefined; } }).find((j) => j?._aws);
    expect(emf._aws.CloudWatchMetrics[0].Dimensions).toEqual([['service']]);
  });
});
