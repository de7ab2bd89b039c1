// Forged page cursors (issue 13 red team) on every list route: a start key missing attributes,
// with extra ones, empty strings or outside the listed partition is a 400 problem, never a
// DynamoDB ValidationException surfacing as a 500. Real cursors keep paging.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './support/api';
import { curveBid } from './support/bodies';
import { ProblemSchema } from '../../schemas/api/common';

const forge = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

describe('forged cursors', () => {
  let h: Harness;
  let auctionId: string;
  let miner: string;
  beforeAll(async () => {
    h = await createHarness();
    auctionId = (await h.createAuction()).id;
    await h.createAuction();
    miner = await h.createBidder('miner-1', ['mining']);
    for (let i = 0; i < 3; i++) {
      const res = await h.call('POST', `/v1/auctions/${auctionId}/bids`, { key: miner, json: curveBid });
      expect(res.status).toBe(201);
    }
  });
  afterAll(async () => { await h.drop(); });

  const shard = (s: number) => `AUCTION#${auctionId}#BIDS#${String(s).padStart(2, '0')}`;
  const cursors = (): [string, unknown][] => [
    ['gsi1pk only', { k: { gsi1pk: 'AUCTIONS' } }],
    ['gsi1pk of the bidder only', { k: { gsi1pk: `BIDDER#miner-1#AUCTION#${auctionId}` } }],
    ['shard pk without sk', { s: 0, k: { pk: shard(0) } }],
    ['shard key with a non-bid sk', { s: 0, k: { pk: shard(0), sk: 'GATE' } }],
    ['shard key with an extra attribute', { s: 0, k: { pk: shard(0), sk: 'BID#x', gsi1pk: 'AUCTIONS' } }],
    ['events key with an empty sk', { k: { pk: 'EVENTS#miner-1', sk: '' } }],
    ['events key of another bidder', { k: { pk: 'EVENTS#miner-2', sk: '2026' } }],
    ['gsi1 key with empty strings', { k: { gsi1pk: 'AUCTIONS', gsi1sk: '', pk: '', sk: '' } }],
    ['gsi1 key without the table key', { k: { gsi1pk: 'AUCTIONS', gsi1sk: 'a' } }],
    ['table key only', { k: { pk: 'AUCTION#x', sk: 'AUCTION' } }],
    ['shard out of range', { s: 99 }],
    ['not JSON', 'not-json'],
  ];
  const routes = (): [string, () => string, 'operator' | 'miner'][] => [
    ['GET /v1/auctions', () => '/v1/auctions', 'operator'],
    ['GET /v1/auctions/{id}/bids as operator', () => `/v1/auctions/${auctionId}/bids`, 'operator'],
    ['GET /v1/auctions/{id}/bids as bidder', () => `/v1/auctions/${auctionId}/bids`, 'miner'],
    ['GET /v1/events', () => '/v1/events', 'miner'],
  ];

  it.each(routes())('%s refuses every forged cursor with a 400 problem', async (_name, path, who) => {
    for (const [name, cursor] of cursors()) {
      const text = typeof cursor === 'string' ? cursor : forge(cursor);
      const res = await h.call('GET', `${path()}?cursor=${text}`, { key: who === 'miner' ? miner : undefined });
      expect(res.status, `${name}: ${await res.clone().text()}`).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(ProblemSchema.parse(await res.json()).status).toBe(400);
    }
  });

  it.each(routes())('%s still pages with the cursors it returns', async (_name, path, who) => {
    const key = who === 'miner' ? miner : undefined;
    const first = await h.call('GET', `${path()}?limit=1`, { key });
    expect(first.status).toBe(200);
    const { nextCursor } = (await first.json()) as { nextCursor?: string };
    if (nextCursor === undefined) return;
    const next = await h.call('GET', `${path()}?limit=1&cursor=${nextCursor}`, { key });
    expect(next.status).toBe(200);
  });
});
