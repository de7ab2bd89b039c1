// Gate closure is enforced in the same transaction as the bid: concurrent bids racing the
// closure instant (a clock that ticks on every reading) and racing a status change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTable, type TestTable } from '../support/dynamodb';
import { createDynamoDbStore } from '../../lib/store/dynamodb-store';
import { sequentialIds } from '../support/manual-ports';
import { seedBootstrapKey, createKey } from '../../lib/market/keys';
import { createApp } from '../../lib/http/app';
import { createAuction } from '../../lib/market/auctions';
import type { MarketDeps } from '../../lib/market/ports';
import type { Clock } from '../../lib/kernel/ports';
import { StoredBidSchema } from '../../schemas/api/bids';
import { curveBid } from './support/bodies';

const GATE = Date.parse('2026-11-30T23:00:00Z');

describe('gate-closure race', () => {
  let table: TestTable;
  let at = GATE - 3_600_000;
  /** Each reading advances 1 ms: concurrent requests straddle the gate in arrival order. */
  const clock: Clock = { now: () => new Date(at++) };
  let market: MarketDeps;
  beforeAll(async () => {
    table = await createTestTable('race');
    market = { store: createDynamoDbStore(table.doc, table.tableName), clock, ids: sequentialIds() };
    await seedBootstrapKey(market, 'sb_race_operator_000000');
  });
  afterAll(async () => { await table.drop(); });

  async function storedBids(auctionId: string) {
    const page = await market.store.bids.listBids(auctionId, undefined, { limit: 100 });
    expect(page.nextCursor).toBeUndefined();
    return page.items;
  }

  it('every 201 is stored, every stored bid was taken before the gate, nothing after it is', async () => {
    const auction = await createAuction(market, { zone: 'Z', deliveryStart: '2026-12-01T00:00:00Z', intervalMinutes: 15, intervalCount: 96, gateClosure: new Date(GATE).toISOString(), pricing: 'uniform', currency: 'USD' });
    const keys = await Promise.all(Array.from({ length: 8 }, (_, i) => createKey(market, { role: 'bidder', bidderId: `miner-${i}`, classes: ['mining'] })));
    const app = createApp({ market });
    at = GATE - 30;
    const responses = await Promise.all(Array.from({ length: 80 }, (_, i) => app.request(`/v1/auctions/${auction.id}/bids`, {
      method: 'POST', headers: { authorization: `Bearer ${keys[i % keys.length]!.key}`, 'content-type': 'application/json' }, body: JSON.stringify(curveBid),
    })));
    const accepted = [];
    for (const res of responses) {
      expect([201, 409]).toContain(res.status);
      if (res.status === 201) accepted.push(StoredBidSchema.parse(await res.json()));
    }
    expect(accepted.length).toBeGreaterThan(0);
    expect(accepted.length).toBeLessThan(80);
    const stored = await storedBids(auction.id);
    expect(stored.map((b) => b.id).sort()).toEqual(accepted.map((b) => b.id).sort());
    const book = await market.store.bids.readAllBids(auction.id);
    expect(book.map((b) => b.id)).toEqual(accepted.map((b) => b.id).sort());
    for (const bid of stored) expect(Date.parse(bid.createdAt)).toBeLessThan(GATE);
  });

  it('a status change racing the bids (the scheduler closing early) lets none through after it', async () => {
    at = GATE - 3_600_000;
    const auction = await createAuction(market, { zone: 'Z', deliveryStart: '2026-12-01T00:00:00Z', intervalMinutes: 15, intervalCount: 96, gateClosure: new Date(GATE).toISOString(), pricing: 'uniform', currency: 'USD' });
    const key = await createKey(market, { role: 'bidder', bidderId: 'miner-x', classes: ['mining'] });
    const app = createApp({ market });
    const post = () => app.request(`/v1/auctions/${auction.id}/bids`, {
      method: 'POST', headers: { authorization: `Bearer ${key.key}`, 'content-type': 'application/json' }, body: JSON.stringify(curveBid),
    });
    const close = async () => {
      await new Promise((r) => setTimeout(r, 15));
      expect(await market.store.auctions.closeGate(auction.id, clock.now())).toBe(true);
    };
    const [responses] = await Promise.all([Promise.all(Array.from({ length: 60 }, post)), close()]);
    const accepted = responses.filter((r) => r.status === 201).length;
    expect(responses.every((r) => r.status === 201 || r.status === 409)).toBe(true);
    expect((await storedBids(auction.id)).length).toBe(accepted);
    expect((await post()).status).toBe(409);
    expect((await storedBids(auction.id)).length).toBe(accepted);
    expect(await market.store.auctions.closeGate(auction.id, clock.now())).toBe(false);
    expect((await market.store.auctions.getAuction(auction.id))?.status).toBe('closed');
  });

  it('lists open auctions whose gate has closed (for the clearing schedule)', async () => {
    at = GATE - 3_600_000;
    const early = await createAuction(market, { zone: 'Q', deliveryStart: '2026-12-01T00:00:00Z', intervalMinutes: 60, intervalCount: 2, gateClosure: new Date(GATE - 60_000).toISOString(), pricing: 'uniform', currency: 'USD' });
    const late = await createAuction(market, { zone: 'Q', deliveryStart: '2026-12-01T00:00:00Z', intervalMinutes: 60, intervalCount: 2, gateClosure: new Date(GATE + 60_000).toISOString(), pricing: 'uniform', currency: 'USD' });
    const due = (await market.store.auctions.listGateClosed(new Date(GATE), 100)).map((a) => a.id);
    expect(due).toContain(early.id);
    expect(due).not.toContain(late.id);
  });

  it('the store refuses a bid at or after the gate even when the caller skipped the check', async () => {
    at = GATE - 3_600_000;
    const auction = await createAuction(market, { zone: 'Z', deliveryStart: '2026-12-01T00:00:00Z', intervalMinutes: 15, intervalCount: 96, gateClosure: new Date(GATE).toISOString(), pricing: 'uniform', currency: 'USD' });
    const bid = StoredBidSchema.parse({ id: 'bid_direct', bidder: 'm', class: 'mining', ...curveBid, auctionId: auction.id, createdAt: new Date(GATE).toISOString(), updatedAt: new Date(GATE).toISOString() });
    expect(await market.store.bids.createBid(bid, new Date(GATE), undefined)).toBe('gate-closed');
    expect(await market.store.bids.replaceBid(bid, bid.updatedAt, new Date(GATE))).toBe('not-found');
    expect(await market.store.bids.createBid(bid, new Date(GATE - 1), undefined)).toBe('ok');
    expect(await market.store.bids.replaceBid({ ...bid, price: 1 } as typeof bid, bid.updatedAt, new Date(GATE))).toBe('gate-closed');
    expect(await market.store.bids.deleteBid(auction.id, bid.id, 'm', new Date(GATE + 5))).toBe('gate-closed');
    expect(await market.store.bids.getBid(auction.id, bid.id)).toEqual(bid);
    expect(await market.store.bids.createBid({ ...bid, auctionId: 'auc_missing' }, new Date(GATE - 1), undefined)).toBe('not-found');
  });
});
