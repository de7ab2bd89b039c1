// The AWS path with the deployed defaults: functions/api.ts as API Gateway (HTTP API v2) invokes
// it accepts a forced clear (202: it closes the gate, it does not solve), functions/clear.ts (the
// scheduled function) clears, and the published result and book pass through the API Lambda
// unchanged (the operator's result bytes are exactly what `broker clear` prints for the book).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LambdaEvent } from 'hono/aws-lambda';
import { createTestTable, type TestTable } from '../../support/dynamodb';
import { LOCAL_AWS_ENV } from '../../../apps/local/dynamodb-local';
import { BookSchema } from '../../../schemas/book';
import { clearingEngine } from '../../../lib/composition/engine';

type HttpApiEvent = Extract<LambdaEvent, { rawPath: string; routeKey: string }>;
const BOOTSTRAP = 'sb_lambda_lifecycle_key_0001';

function httpEvent(method: string, path: string, options: { body?: string; headers?: Record<string, string> } = {}): HttpApiEvent {
  const headers = { host: 'abc123.execute-api.eu-west-1.amazonaws.com', 'user-agent': 'test', ...options.headers };
  return {
    version: '2.0', routeKey: '$default', rawPath: path, rawQueryString: '', headers, body: options.body ?? null, isBase64Encoded: false,
    requestContext: {
      accountId: '123456789012', apiId: 'abc123', domainName: headers.host, domainPrefix: 'abc123', requestId: `req-${Math.random()}`,
      routeKey: '$default', stage: '$default', time: '25/Nov/2026:12:00:00 +0000', timeEpoch: Date.now(),
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.9', userAgent: 'test' },
      authentication: null, authorizer: {} as HttpApiEvent['requestContext']['authorizer'],
    },
  } as HttpApiEvent;
}

describe('lifecycle routes through the API Lambda', () => {
  let table: TestTable;
  let handler: typeof import('../../../functions/api').handler;
  let clearHandler: typeof import('../../../functions/clear').handler;
  beforeAll(async () => {
    table = await createTestTable('lambda-lc');
    Object.assign(process.env, LOCAL_AWS_ENV, { DYNAMODB_ENDPOINT: table.endpoint, TABLE_NAME: table.tableName, BROKER_BOOTSTRAP_KEY: BOOTSTRAP, LOG_LEVEL: 'SILENT' });
    process.env.POWERTOOLS_METRICS_DISABLED = 'true';
    ({ handler } = await import('../../../functions/api'));
    ({ handler: clearHandler } = await import('../../../functions/clear'));
  });
  afterAll(async () => { delete process.env.POWERTOOLS_METRICS_DISABLED; await table.drop(); });

  it('force-clears, then serves the published result and book bytes unchanged', async () => {
    const auth = { authorization: `Bearer ${BOOTSTRAP}`, 'content-type': 'application/json' };
    const start = new Date(Date.now() + 2 * 3_600_000);
    const created = await handler(httpEvent('POST', '/v1/auctions', { headers: auth, body: JSON.stringify({
      zone: 'PK-NORTH', deliveryStart: start.toISOString(), intervalMinutes: 60, intervalCount: 4, gateClosure: new Date(Date.now() + 3_600_000).toISOString(),
    }) }));
    expect(created.statusCode).toBe(201);
    const id = (JSON.parse(created.body) as { id: string }).id;
    expect((await handler(httpEvent('PUT', `/v1/auctions/${id}/forecast`, { headers: auth, body: JSON.stringify({ intervals: Array.from({ length: 4 }, () => ({ surplusMw: 100, reservePrice: 30 })) }) }))).statusCode).toBe(200);
    const key = JSON.parse((await handler(httpEvent('POST', '/v1/keys', { headers: auth, body: JSON.stringify({ role: 'bidder', bidderId: 'miner-1', classes: ['mining'] }) }))).body).key as string;
    const bid = await handler(httpEvent('POST', `/v1/auctions/${id}/bids`, { headers: { ...auth, authorization: `Bearer ${key}` }, body: JSON.stringify({ type: 'curve', from: 0, to: 4, steps: [{ mw: 60, price: 50 }, { mw: 80, price: 40 }] }) }));
    expect(bid.statusCode).toBe(201);

    const accepted = await handler(httpEvent('POST', `/v1/auctions/${id}/clear`, { headers: auth, body: '{"force":true}' }));
    expect(accepted.statusCode).toBe(202);
    expect(JSON.parse(accepted.body)).toEqual({ auctionId: id, status: 'closed', transitions: ['open->closed'], outcome: 'scheduled' });
    expect((await handler(httpEvent('GET', `/v1/auctions/${id}/result`, { headers: auth }))).statusCode).toBe(409);
    const tick = await clearHandler({}, { awsRequestId: 'scheduled-1' } as never);
    expect(tick.auctions).toContainEqual({ auctionId: id, transitions: [], outcome: 'published' });

    const result = await handler(httpEvent('GET', `/v1/auctions/${id}/result`, { headers: auth }));
    const book = await handler(httpEvent('GET', `/v1/auctions/${id}/book`, { headers: auth }));
    expect([result.statusCode, book.statusCode]).toEqual([200, 200]);
    expect(result.headers?.['content-type']).toMatch(/^application\/json/);
    expect(result.isBase64Encoded).toBe(false);
    const replayed = clearingEngine.serialize(await clearingEngine.clear(BookSchema.parse(JSON.parse(book.body)), { timeLimitMs: 20_000 }));
    expect(result.body).toBe(replayed);

    const auction = JSON.parse((await handler(httpEvent('GET', `/v1/auctions/${id}`, { headers: auth }))).body) as { status: string; timestamps: Record<string, string> };
    expect(auction.status).toBe('cleared');
    expect(Object.keys(auction.timestamps).sort()).toEqual(['clearedAt', 'clearingAt', 'closedAt', 'openedAt']);
  });
});
