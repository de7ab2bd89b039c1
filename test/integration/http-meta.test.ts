// OpenAPI document, offline docs, 404/405 problems and the per-key rate limit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, OPERATOR_KEY, type Harness } from './support/api';
import { ProblemSchema } from '../../schemas/api/common';

describe('meta routes', () => {
  let h: Harness;
  beforeAll(async () => { h = await createHarness({ rateLimit: { perSecond: 1, burst: 5 } }); });
  afterAll(async () => { await h.drop(); });

  it('GET /openapi.json is OpenAPI 3.1 with every route, the bearer scheme and problem responses', async () => {
    const doc = await (await h.call('GET', '/openapi.json', { key: null })).json() as {
      openapi: string; paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>>; components: { securitySchemes: Record<string, unknown>; schemas: Record<string, unknown> };
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/health', '/public/auctions', '/public/auctions/{id}', '/v1/auctions', '/v1/auctions/{id}', '/v1/auctions/{id}/bids', '/v1/auctions/{id}/bids/{bidId}', '/v1/auctions/{id}/book',
      '/v1/auctions/{id}/clear', '/v1/auctions/{id}/curtailments', '/v1/auctions/{id}/curtailments/{version}', '/v1/auctions/{id}/forecast', '/v1/auctions/{id}/forecast/versions', '/v1/auctions/{id}/indices', '/v1/auctions/{id}/meter-readings', '/v1/auctions/{id}/result',
      '/v1/auctions/{id}/settlement', '/v1/events', '/v1/keys', '/v1/keys/{keyId}', '/v1/keys/{keyId}/rotate', '/v1/me', '/v1/prices', '/v1/webhook', '/v1/webhook/test',
      // The OpenADR 3 VTN (docs/openadr.md).
      '/openadr3/auth/token', '/openadr3/events', '/openadr3/events/{eventID}', '/openadr3/programs', '/openadr3/reports', '/openadr3/subscriptions', '/openadr3/subscriptions/{subscriptionID}',
      '/openadr3/vens', '/openadr3/vens/{venID}', '/openadr3/vens/{venID}/resources',
    ].sort());
    expect(doc.paths['/v1/auctions/{id}/result']!.get!.responses['200']!.content).toHaveProperty(['text/csv']);
    expect(doc.components.securitySchemes.oadrBearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['OadrEvent', 'OadrProgram', 'OadrReport', 'OadrSubscription', 'OadrVen', 'OadrResource', 'OadrProblem']));
    expect(Object.keys(doc.paths['/v1/auctions/{id}/bids/{bidId}']!).sort()).toEqual(['delete', 'get', 'patch']);
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.paths['/v1/auctions/{id}/bids']!.post!.responses['422']!.content).toHaveProperty(['application/problem+json']);
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['BidInput', 'StoredBid', 'Problem', 'Workload', 'Auction', 'Forecast']));
  });

  it('GET /docs renders from assets the app serves itself (no CDN)', async () => {
    const html = await (await h.call('GET', '/docs', { key: null })).text();
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThanOrEqual(3);
    for (const asset of assets) {
      expect(asset.startsWith('/docs/assets/')).toBe(true);
      const res = await h.call('GET', asset, { key: null });
      expect(res.status).toBe(200);
      expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(500);
    }
    expect(html).not.toMatch(/https?:\/\//);
    expect((await h.call('GET', '/docs/assets/package.json', { key: null })).status).toBe(404);
    for (const name of ['__proto__', 'constructor', 'toString']) expect((await h.call('GET', `/docs/assets/${name}`, { key: null })).status).toBe(404);
  });

  it('unknown routes are 404 and known paths with another method 405 with Allow', async () => {
    const missing = await h.call('GET', '/nowhere', { key: null });
    expect(missing.status).toBe(404);
    expect(ProblemSchema.parse(await missing.json()).status).toBe(404);
    const wrong = await h.call('DELETE', '/v1/auctions');
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST, GET');
  });

  it('past the per-key rate a key gets 429 with Retry-After; other keys are unaffected', async () => {
    const miner = await h.createBidder('miner-rl', ['mining']);
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await h.call('GET', '/v1/me', { key: miner })).status);
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
    const limited = await h.call('GET', '/v1/me', { key: miner });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(ProblemSchema.parse(await limited.json()).status).toBe(429);
    expect([200, 429]).toContain((await h.call('GET', '/v1/me', { key: OPERATOR_KEY })).status);
  });

  it('the public routes (no key) are rate limited too: 429 problem with Retry-After past the burst', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await h.call('GET', '/public/auctions', { key: null })).status);
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
    const limited = await h.call('GET', '/public', { key: null });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(ProblemSchema.parse(await limited.json()).status).toBe(429);
  });
});
