// The 401/403/404 matrix: operator, own bidder, other bidder, no key, unknown key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, OPERATOR_KEY, type Harness } from './support/api';
import { curveBid, forecast } from './support/bodies';
import { ProblemSchema } from '../../schemas/api/common';
import { MeSchema } from '../../schemas/api/keys';

describe('authentication and isolation', () => {
  let h: Harness;
  let auctionId: string;
  let own: string;
  let other: string;
  let bidId: string;
  beforeAll(async () => {
    h = await createHarness();
    auctionId = (await h.createAuction()).id;
    own = await h.createBidder('miner-1', ['mining']);
    other = await h.createBidder('miner-2', ['mining']);
    const res = await h.call('POST', `/v1/auctions/${auctionId}/bids`, { key: own, json: curveBid });
    bidId = ((await res.json()) as { id: string }).id;
  });
  afterAll(async () => { await h.drop(); });

  const expectProblem = async (res: Response, status: number) => {
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const body = ProblemSchema.parse(await res.json());
    expect(body.status).toBe(status);
    return body;
  };

  it('401 without a key, with a malformed header and with an unknown key, on every /v1 route', async () => {
    const routes: [string, string][] = [
      ['GET', '/v1/auctions'], ['POST', '/v1/auctions'], ['GET', `/v1/auctions/${auctionId}`], ['PUT', `/v1/auctions/${auctionId}/forecast`],
      ['POST', `/v1/auctions/${auctionId}/bids`], ['GET', `/v1/auctions/${auctionId}/bids`], ['GET', `/v1/auctions/${auctionId}/bids/${bidId}`],
      ['PATCH', `/v1/auctions/${auctionId}/bids/${bidId}`], ['DELETE', `/v1/auctions/${auctionId}/bids/${bidId}`], ['POST', '/v1/keys'], ['GET', '/v1/me'],
    ];
    for (const [method, path] of routes) {
      const none = await h.call(method, path, { key: null });
      await expectProblem(none, 401);
      expect(none.headers.get('www-authenticate')).toBe('Bearer');
      await expectProblem(await h.call(method, path, { key: 'sb_not_a_real_key_00000000' }), 401);
      await expectProblem(await h.call(method, path, { key: null, headers: { authorization: `Basic ${OPERATOR_KEY}` } }), 401);
    }
  });

  it('403 for a bidder on operator routes, and for the operator on bidder-only writes', async () => {
    await expectProblem(await h.call('POST', '/v1/auctions', { key: own, json: { zone: 'Z', deliveryStart: '2026-12-01T00:00:00Z', intervalMinutes: 15, intervalCount: 4, gateClosure: '2026-11-30T23:00:00Z' } }), 403);
    await expectProblem(await h.call('PUT', `/v1/auctions/${auctionId}/forecast`, { key: own, json: forecast(96) }), 403);
    await expectProblem(await h.call('POST', '/v1/keys', { key: own, json: { role: 'operator' } }), 403);
    await expectProblem(await h.call('POST', `/v1/auctions/${auctionId}/bids`, { key: OPERATOR_KEY, json: curveBid }), 403);
  });

  it('a bidder reaches its own bid; another bidder gets 404 for it (not 403); the operator sees it', async () => {
    expect((await h.call('GET', `/v1/auctions/${auctionId}/bids/${bidId}`, { key: own })).status).toBe(200);
    expect((await h.call('GET', `/v1/auctions/${auctionId}/bids/${bidId}`, { key: OPERATOR_KEY })).status).toBe(200);
    await expectProblem(await h.call('GET', `/v1/auctions/${auctionId}/bids/${bidId}`, { key: other }), 404);
    await expectProblem(await h.call('PATCH', `/v1/auctions/${auctionId}/bids/${bidId}`, { key: other, json: { to: 10 } }), 404);
    await expectProblem(await h.call('DELETE', `/v1/auctions/${auctionId}/bids/${bidId}`, { key: other }), 404);
    const otherList = await h.call('GET', `/v1/auctions/${auctionId}/bids`, { key: other });
    expect(((await otherList.json()) as { items: unknown[] }).items).toEqual([]);
    const still = await h.call('GET', `/v1/auctions/${auctionId}/bids/${bidId}`, { key: own });
    expect(((await still.json()) as { to: number }).to).toBe(96);
  });

  it('GET /v1/me tells each key what it grants; keys are stored only as hashes', async () => {
    const me = MeSchema.parse(await (await h.call('GET', '/v1/me', { key: own })).json());
    expect(me).toMatchObject({ role: 'bidder', bidderId: 'miner-1', classes: ['mining'] });
    const op = MeSchema.parse(await (await h.call('GET', '/v1/me')).json());
    expect(op.role).toBe('operator');
    const dump = JSON.stringify(await h.scan());
    for (const secret of [OPERATOR_KEY, own, other]) expect(dump).not.toContain(secret);
  });

  it('/health, /openapi.json and /docs need no key', async () => {
    expect(await (await h.call('GET', '/health', { key: null })).json()).toEqual({ status: 'ok' });
    expect((await h.call('GET', '/openapi.json', { key: null })).status).toBe(200);
    expect((await h.call('GET', '/docs', { key: null })).status).toBe(200);
  });
});
