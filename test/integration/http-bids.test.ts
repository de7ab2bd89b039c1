// Bids through the real app: curve, block, workload; class from the key; ranges; PATCH/DELETE;
// 409 after gate closure; listing with cursors (own via the bidder index, all via the shards).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, NOW, OPERATOR_KEY, type Harness } from './support/api';
import { blockBid, curveBid, workloadBlockBid } from './support/bodies';
import { BidPageSchema, StoredBidSchema, type StoredBid } from '../../schemas/api/bids';
import { ProblemSchema } from '../../schemas/api/common';
import { CATALOGUE_VERSION } from '../../schemas/hardware-catalogue';
import { bidShard } from '../../lib/store/keys';

describe('bids', () => {
  let h: Harness;
  let auctionId: string;
  let miner: string;
  let tenant: string;
  let hybrid: string;
  beforeAll(async () => {
    h = await createHarness();
    auctionId = (await h.createAuction()).id;
    miner = await h.createBidder('miner-7', ['mining']);
    tenant = await h.createBidder('tenant-3', ['ai']);
    hybrid = await h.createBidder('hybrid-1', ['ai', 'mining']);
  });
  afterAll(async () => { await h.drop(); });

  const post = (key: string, body: unknown, id = auctionId) => h.call('POST', `/v1/auctions/${id}/bids`, { key, json: body });
  const paths = async (res: Response) => ProblemSchema.parse(await res.json()).errors?.map((e) => e.path) ?? [];

  it('a curve bid: 201 with id, bidder and class from the key; GET returns the same bytes', async () => {
    const res = await post(miner, curveBid);
    expect(res.status).toBe(201);
    const text = await res.text();
    const bid = StoredBidSchema.parse(JSON.parse(text));
    expect(bid).toMatchObject({ ...curveBid, bidder: 'miner-7', class: 'mining', auctionId, createdAt: NOW });
    expect(bid.id).toMatch(/^bid_/);
    expect(await (await h.call('GET', `/v1/auctions/${auctionId}/bids/${bid.id}`, { key: miner })).text()).toBe(text);
  });

  it('a block bid and a workload block bid (MW from the catalogue, both kept)', async () => {
    expect(StoredBidSchema.parse(await (await post(tenant, blockBid)).json())).toMatchObject({ ...blockBid, class: 'ai' });
    const res = await post(tenant, workloadBlockBid);
    expect(res.status).toBe(201);
    const bid = StoredBidSchema.parse(await res.json());
    // 4,096 × 1,275 W × 1.3 = 6.78912 MW
    expect(bid).toMatchObject({ type: 'block', mw: 6.78912, workload: workloadBlockBid.workload, catalogueVersion: CATALOGUE_VERSION });
  });

  it('a curve with a workload per step (default ASIC PUE)', async () => {
    const res = await post(miner, { type: 'curve', from: 10, to: 20, steps: [{ price: 60, workload: { kind: 'asic', model: 'Antminer-S21', count: 10000 } }, { mw: 5, price: 40 }] });
    const bid = StoredBidSchema.parse(await res.json());
    expect(bid.type === 'curve' && bid.steps.map((s) => s.mw)).toEqual([36.75, 5]);
  });

  it('class: implied by a single-class key, required for a two-class key, never beyond the key', async () => {
    const missing = await post(hybrid, blockBid);
    expect(missing.status).toBe(422);
    expect(await paths(missing)).toEqual(['class']);
    expect(StoredBidSchema.parse(await (await post(hybrid, { ...blockBid, class: 'ai' })).json()).class).toBe('ai');
    expect((await post(miner, { ...blockBid, class: 'ai' })).status).toBe(403);
  });

  it('ranges are checked against the auction, with field paths', async () => {
    expect(await paths(await post(miner, { ...curveBid, to: 97 }))).toEqual(['to']);
    expect(await paths(await post(miner, { ...curveBid, from: 5, to: 5 }))).toEqual(['to']);
    expect(await paths(await post(tenant, { ...blockBid, latestStart: 89 }))).toEqual(['latestStart']);
    expect(await paths(await post(tenant, { ...blockBid, duration: 97 }))).toEqual(['duration']);
    expect(await paths(await post(tenant, { ...blockBid, earliestStart: 50, latestStart: 40 }))).toEqual(['latestStart']);
    expect(await paths(await post(miner, { ...curveBid, steps: [{ mw: 1, price: 1 }, { price: 2 }] }))).toEqual(['steps[1].mw']);
    expect(await paths(await post(miner, { ...curveBid, steps: [{ price: 2, workload: { kind: 'asic', model: 'S9', count: 1 } }] }))).toEqual(['steps[0].workload.model']);
    expect(await paths(await post(tenant, { ...workloadBlockBid, workload: { kind: 'asic', model: 'H100-SXM', count: 1 } }))).toEqual(['workload.model']);
    expect(await paths(await post(tenant, { ...blockBid, workload: workloadBlockBid.workload }))).toEqual(['workload']);
    expect(await paths(await post(tenant, { ...blockBid, minAcceptanceRatio: 0 }))).toEqual(['minAcceptanceRatio']);
    expect(await paths(await post(tenant, { ...blockBid, id: 'mine', bidder: 'someone-else' }))).toEqual(['id', 'bidder']);
    expect((await post(miner, curveBid, 'auc_missing')).status).toBe(404);
  });

  it('PATCH merges and re-validates; DELETE cancels; both 409 after gate closure', async () => {
    const bid = StoredBidSchema.parse(await (await post(tenant, workloadBlockBid)).json());
    h.clock.set('2026-11-30T12:05:00Z');
    const patched = await h.call('PATCH', `/v1/auctions/${auctionId}/bids/${bid.id}`, { key: tenant, json: { mw: 50, price: 99 } });
    expect(patched.status).toBe(200);
    const changed = StoredBidSchema.parse(await patched.json());
    expect(changed).toMatchObject({ id: bid.id, mw: 50, price: 99, createdAt: NOW, updatedAt: '2026-11-30T12:05:00.000Z' });
    expect('workload' in changed).toBe(false);
    const badPatch = await h.call('PATCH', `/v1/auctions/${auctionId}/bids/${bid.id}`, { key: tenant, json: { steps: [{ mw: 1, price: 1 }] } });
    expect(badPatch.status).toBe(422);
    expect(await paths(badPatch)).toContain('steps');
    expect((await h.call('PATCH', `/v1/auctions/${auctionId}/bids/${bid.id}`, { key: tenant, json: { latestStart: 95 } })).status).toBe(422);
    expect((await h.call('PATCH', `/v1/auctions/${auctionId}/bids/${bid.id}`, { key: tenant, json: { colour: 'red' } })).status).toBe(400);

    const gone = StoredBidSchema.parse(await (await post(tenant, blockBid)).json());
    expect((await h.call('DELETE', `/v1/auctions/${auctionId}/bids/${gone.id}`, { key: tenant })).status).toBe(204);
    expect((await h.call('GET', `/v1/auctions/${auctionId}/bids/${gone.id}`, { key: tenant })).status).toBe(404);
    expect((await h.call('DELETE', `/v1/auctions/${auctionId}/bids/${gone.id}`, { key: tenant })).status).toBe(404);

    const closing = (await h.createAuction({ gateClosure: '2026-11-30T12:10:00Z' })).id;
    const late = StoredBidSchema.parse(await (await post(tenant, blockBid, closing)).json());
    h.clock.set('2026-11-30T12:10:00Z');
    try {
      expect((await h.call('PATCH', `/v1/auctions/${closing}/bids/${late.id}`, { key: tenant, json: { mw: 1 } })).status).toBe(409);
      expect((await h.call('DELETE', `/v1/auctions/${closing}/bids/${late.id}`, { key: tenant })).status).toBe(409);
      expect((await post(tenant, blockBid, closing)).status).toBe(409);
      const kept = StoredBidSchema.parse(await (await h.call('GET', `/v1/auctions/${closing}/bids/${late.id}`, { key: tenant })).json());
      expect(kept).toEqual(late);
    } finally { h.clock.set(NOW); }
  });

  it('lists own bids and (operator) all bids across shards with cursors, each bid once', async () => {
    const id = (await h.createAuction()).id;
    const mine: string[] = [];
    for (let i = 0; i < 23; i++) mine.push(StoredBidSchema.parse(await (await post(miner, curveBid, id)).json()).id);
    const theirs: string[] = [];
    for (let i = 0; i < 5; i++) theirs.push(StoredBidSchema.parse(await (await post(tenant, blockBid, id)).json()).id);

    const collect = async (key: string, limit: number) => {
      const seen: StoredBid[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const res = await h.call('GET', `/v1/auctions/${id}/bids?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`, { key });
        expect(res.status).toBe(200);
        const page = BidPageSchema.parse(await res.json());
        expect(page.items.length).toBeLessThanOrEqual(limit);
        seen.push(...page.items);
        cursor = page.nextCursor;
        pages++;
      } while (cursor && pages < 100);
      return seen;
    };
    const own = await collect(miner, 5);
    expect(own.map((b) => b.id)).toEqual(mine);
    expect(own.every((b) => b.bidder === 'miner-7')).toBe(true);
    const all = await collect(OPERATOR_KEY, 7);
    expect(all.map((b) => b.id).sort()).toEqual([...mine, ...theirs].sort());

    // A cursor of one bidder's listing does not open another's.
    const first = BidPageSchema.parse(await (await h.call('GET', `/v1/auctions/${id}/bids?limit=2`, { key: miner })).json());
    const stolen = await h.call('GET', `/v1/auctions/${id}/bids?limit=2&cursor=${first.nextCursor}`, { key: tenant });
    expect(stolen.status).toBe(400);
    const shardCursor = Buffer.from(JSON.stringify({ s: 3, k: { pk: `AUCTION#other#BIDS#03`, sk: 'BID#x' } })).toString('base64url');
    expect((await h.call('GET', `/v1/auctions/${id}/bids?cursor=${shardCursor}`)).status).toBe(400);
    expect((await h.call('GET', `/v1/auctions/${id}/bids?limit=0`, { key: miner })).status).toBe(400);
    expect((await h.call('GET', `/v1/auctions/${id}/bids?limit=5&sort=desc`, { key: miner })).status).toBe(400);
  });

  it('stores each bid in the shard partition of its id, with the bidder index keys', async () => {
    const bids = (await h.scan()).filter((i) => i.type === 'bid');
    expect(bids.length).toBeGreaterThan(30);
    for (const item of bids) {
      const bid = item.bid as StoredBid;
      expect(item.pk).toBe(`AUCTION#${bid.auctionId}#BIDS#${String(bidShard(bid.id)).padStart(2, '0')}`);
      expect(item.gsi1pk).toBe(`BIDDER#${bid.bidder}#AUCTION#${bid.auctionId}`);
    }
    expect(new Set(bids.map((i) => i.pk)).size).toBeGreaterThan(8);
  });
});
