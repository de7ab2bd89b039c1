// functions/api.ts invoked as API Gateway (HTTP API, payload 2.0) invokes it, on DynamoDB Local.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LambdaEvent } from 'hono/aws-lambda';
import { createTestTable, type TestTable } from '../support/dynamodb';
import { curveBid } from './support/bodies';
import { StoredBidSchema } from '../../schemas/api/bids';
import { ProblemSchema } from '../../schemas/api/common';
import { LOCAL_AWS_ENV } from '../../apps/local/dynamodb-local';

type HttpApiEvent = Extract<LambdaEvent, { rawPath: string; routeKey: string }>;
const BOOTSTRAP = 'sb_lambda_bootstrap_key_0001';

/** A minimal but real API Gateway HTTP API v2 event. */
function httpEvent(method: string, path: string, options: { body?: string; headers?: Record<string, string>; query?: string; base64?: boolean } = {}): HttpApiEvent {
  const headers = { host: 'abc123.execute-api.eu-west-1.amazonaws.com', 'user-agent': 'test', ...options.headers };
  return {
    version: '2.0', routeKey: '$default', rawPath: path, rawQueryString: options.query ?? '', headers,
    body: options.body === undefined ? null : options.base64 ? Buffer.from(options.body).toString('base64') : options.body,
    isBase64Encoded: options.base64 ?? false,
    requestContext: {
      accountId: '123456789012', apiId: 'abc123', domainName: headers.host, domainPrefix: 'abc123', requestId: `req-${Math.random()}`,
      routeKey: '$default', stage: '$default', time: '30/Nov/2026:12:00:00 +0000', timeEpoch: Date.parse('2026-11-30T12:00:00Z'),
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.9', userAgent: 'test' },
      authentication: null, authorizer: {} as HttpApiEvent['requestContext']['authorizer'],
    },
  } as HttpApiEvent;
}

describe('functions/api.ts handler', () => {
  let table: TestTable;
  let handler: typeof import('../../functions/api').handler;
  beforeAll(async () => {
    table = await createTestTable('lambda');
    // The entry reads its configuration from the environment, as in Lambda.
    Object.assign(process.env, LOCAL_AWS_ENV, { DYNAMODB_ENDPOINT: table.endpoint });
    process.env.TABLE_NAME = table.tableName;
    process.env.BROKER_BOOTSTRAP_KEY = BOOTSTRAP;
    process.env.LOG_LEVEL = 'SILENT';
    ({ handler } = await import('../../functions/api'));
  });
  afterAll(async () => { await table.drop(); });

  const auth = (key: string) => ({ authorization: `Bearer ${key}`, 'content-type': 'application/json' });

  it('serves health, seeds the bootstrap key and runs the bid flow', async () => {
    const health = await handler(httpEvent('GET', '/health'));
    expect(health.statusCode).toBe(200);
    expect(JSON.parse(health.body)).toEqual({ status: 'ok' });

    const future = new Date(Date.now() + 3_600_000);
    const auction = await handler(httpEvent('POST', '/v1/auctions', { headers: auth(BOOTSTRAP), body: JSON.stringify({
      zone: 'PK-NORTH', deliveryStart: new Date(future.getTime() + 3_600_000).toISOString(), intervalMinutes: 60, intervalCount: 24, gateClosure: future.toISOString(),
    }) }));
    expect(auction.statusCode).toBe(201);
    const auctionId = (JSON.parse(auction.body) as { id: string }).id;

    const key = await handler(httpEvent('POST', '/v1/keys', { headers: auth(BOOTSTRAP), body: JSON.stringify({ role: 'bidder', bidderId: 'miner-7', classes: ['mining'] }) }));
    expect(key.statusCode).toBe(201);
    const minerKey = (JSON.parse(key.body) as { key: string }).key;

    // API Gateway may deliver the body base64-encoded.
    const bid = await handler(httpEvent('POST', `/v1/auctions/${auctionId}/bids`, { headers: auth(minerKey), body: JSON.stringify({ ...curveBid, to: 24 }), base64: true }));
    expect(bid.statusCode).toBe(201);
    const stored = StoredBidSchema.parse(JSON.parse(bid.body));
    expect(stored).toMatchObject({ bidder: 'miner-7', class: 'mining', auctionId });

    const list = await handler(httpEvent('GET', `/v1/auctions/${auctionId}/bids`, { headers: auth(minerKey), query: 'limit=10' }));
    expect(list.statusCode).toBe(200);
    expect((JSON.parse(list.body) as { items: { id: string }[] }).items.map((b) => b.id)).toEqual([stored.id]);
  });

  it('answers problems with the problem+json media type', async () => {
    const none = await handler(httpEvent('GET', '/v1/auctions'));
    expect(none.statusCode).toBe(401);
    expect(none.headers?.['content-type']).toBe('application/problem+json');
    const bad = await handler(httpEvent('POST', '/v1/auctions', { headers: auth(BOOTSTRAP), body: '{"zone":' }));
    expect(bad.statusCode).toBe(400);
    expect(ProblemSchema.parse(JSON.parse(bad.body)).status).toBe(400);
    const big = await handler(httpEvent('POST', '/v1/auctions', { headers: auth(BOOTSTRAP), body: 'x'.repeat(1_100_000) }));
    expect(big.statusCode).toBe(413);
  });

  it('serves the OpenAPI 3.1 document', async () => {
    const doc = await handler(httpEvent('GET', '/openapi.json'));
    expect(JSON.parse(doc.body).openapi).toBe('3.1.0');
  });
});
