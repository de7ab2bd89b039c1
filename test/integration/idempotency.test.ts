// Idempotency-Key on POST: one effect per key, the first response replayed, 422 for another body.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './support/api';
import { blockBid, curveBid } from './support/bodies';
import { StoredBidSchema } from '../../schemas/api/bids';

describe('idempotency', () => {
  let h: Harness;
  let auctionId: string;
  let miner: string;
  beforeAll(async () => {
    h = await createHarness();
    auctionId = (await h.createAuction()).id;
    miner = await h.createBidder('miner-1', ['mining']);
  });
  afterAll(async () => { await h.drop(); });

  const post = (key: string, body: unknown, extra: Record<string, string> = {}) =>
    h.call('POST', `/v1/auctions/${auctionId}/bids`, { key: miner, json: body, headers: { 'idempotency-key': key, ...extra } });
  const bidCount = async () => (await h.scan()).filter((i) => i.type === 'bid').length;

  it('concurrent retries with one key create exactly one bid and all get the same response', async () => {
    const before = await bidCount();
    const responses = await Promise.all(Array.from({ length: 12 }, () => post('retry-1', curveBid)));
    const bodies = await Promise.all(responses.map((r) => r.text()));
    expect(responses.map((r) => r.status)).toEqual(Array(12).fill(201));
    expect(new Set(bodies).size).toBe(1);
    expect(await bidCount()).toBe(before + 1);
    expect(responses.filter((r) => r.headers.get('idempotent-replayed') === 'true').length).toBe(11);
  });

  it('a later retry replays the first response byte for byte', async () => {
    const first = await post('retry-2', curveBid);
    const text = await first.text();
    const again = await post('retry-2', curveBid);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.text()).toBe(text);
  });

  it('the same key with another body is a 422 and changes nothing', async () => {
    await post('retry-3', curveBid);
    const before = await bidCount();
    const other = await post('retry-3', { ...curveBid, to: 50 });
    expect(other.status).toBe(422);
    expect(other.headers.get('content-type')).toBe('application/problem+json');
    expect(await bidCount()).toBe(before);
  });

  it('keys are per API key: another bidder using the same key string gets its own bid', async () => {
    const other = await h.createBidder('miner-2', ['mining']);
    const a = StoredBidSchema.parse(await (await post('shared', curveBid)).json());
    const b = await h.call('POST', `/v1/auctions/${auctionId}/bids`, { key: other, json: curveBid, headers: { 'idempotency-key': 'shared' } });
    expect(b.status).toBe(201);
    expect(StoredBidSchema.parse(await b.json()).id).not.toBe(a.id);
  });

  it('a failed request leaves no record: the fixed request may reuse the key', async () => {
    const bad = await post('retry-4', { ...blockBid, class: 'ai' });
    expect(bad.status).toBe(403);
    expect((await h.scan()).some((i) => String(i.pk).endsWith('#retry-4'))).toBe(false);
    const good = await post('retry-4', curveBid);
    expect(good.status).toBe(201);
    expect((await h.scan()).some((i) => String(i.pk).endsWith('#retry-4') && i.state === 'done')).toBe(true);
  });

  it('records carry a TTL (expiresAt, epoch seconds, 24 h) and the stored response', async () => {
    const records = (await h.scan()).filter((i) => i.type === 'idempotency');
    expect(records.length).toBeGreaterThan(0);
    const nowS = Date.parse('2026-11-30T12:00:00Z') / 1000;
    for (const record of records) {
      expect(record.state).toBe('done');
      expect(record.expiresAt).toBe(nowS + 24 * 3600);
      expect((record.response as { status: number }).status).toBe(201);
    }
  });

  it('works for POST /v1/auctions and POST /v1/keys too', async () => {
    const body = { zone: 'Z', deliveryStart: '2026-12-01T00:00:00Z', intervalMinutes: 15, intervalCount: 4, gateClosure: '2026-11-30T23:00:00Z' };
    const [a, b] = await Promise.all([1, 2].map(() => h.call('POST', '/v1/auctions', { json: body, headers: { 'idempotency-key': 'auction-1' } })));
    expect(await a!.text()).toBe(await b!.text());
  });

  it('POST /v1/keys creates one key per Idempotency-Key, and never stores its secret for replay', async () => {
    const body = { role: 'bidder', bidderId: 'm9', classes: ['mining'] };
    const [k1, k2] = await Promise.all([1, 2].map(() => h.call('POST', '/v1/keys', { json: body, headers: { 'idempotency-key': 'key-1' } })));
    const statuses = [k1!.status, k2!.status].sort();
    expect(statuses).toEqual([201, 409]);
    const created = [k1!, k2!].find((r) => r.status === 201)!;
    const { key, keyId } = (await created.json()) as { key: string; keyId: string };
    const retry = await h.call('POST', '/v1/keys', { json: body, headers: { 'idempotency-key': 'key-1' } });
    expect(retry.status).toBe(409);
    expect(((await retry.json()) as { detail: string }).detail).toContain(keyId);
    expect(JSON.stringify(await h.scan())).not.toContain(key);
    expect((await h.call('GET', '/v1/me', { key })).status).toBe(200);
  });
});
