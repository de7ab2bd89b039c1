// Stored items go through their codecs: a corrupt item raises CorruptItemError (kind, key, paths),
// an auction in the old layout (stale nested status) decodes to the same record, status is
// written once, and failed guarded writes are explained from the old image DynamoDB returns.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { createTestTable, type TestTable } from '../../support/dynamodb';
import { createDynamoDbStore } from '../../../lib/store/dynamodb-store';
import { createDynamoDbLifecycleStore } from '../../../lib/store/dynamodb-lifecycle-store';
import { CorruptItemError } from '../../../lib/store/items/item-codec';
import { itemKeys } from '../../../lib/store/keys';
import type { AuctionRecord, BidRecord, MarketStore } from '../../../lib/market/ports';

let t: TestTable;
let market: MarketStore;
beforeAll(async () => { t = await createTestTable('items'); market = createDynamoDbStore(t.doc, t.tableName); });
afterAll(async () => { await t.drop(); });

const NOW = new Date('2026-11-30T12:00:00.000Z');
const auction = (id: string): AuctionRecord => ({
  id, zone: 'Z1', deliveryStart: '2026-12-01T00:00:00.000Z', intervalMinutes: 15, intervalCount: 4, gateClosure: '2026-11-30T23:00:00.000Z',
  pricing: 'uniform', currency: 'USD', status: 'open', timestamps: { openedAt: '2026-11-30T12:00:00Z' }, createdAt: NOW.toISOString(), updatedAt: NOW.toISOString(),
});
const bid = (auctionId: string, id: string): BidRecord => ({
  id, bidder: 'miner-1', class: 'mining', type: 'block', mw: 5, duration: 2, earliestStart: 0, latestStart: 2, price: 40, minAcceptanceRatio: 1,
  auctionId, createdAt: NOW.toISOString(), updatedAt: NOW.toISOString(),
});
const raw = async (key: { pk: string; sk: string }) => (await t.doc.send(new GetCommand({ TableName: t.tableName, Key: key }))).Item;

describe('stored item codecs', () => {
  it('an auction item with a non-ISO gateClosure raises CorruptItemError naming the kind, key and path', async () => {
    await market.auctions.createAuction(auction('auc_corrupt'));
    await t.doc.send(new UpdateCommand({
      TableName: t.tableName, Key: itemKeys.auction('auc_corrupt'), UpdateExpression: 'SET auction.gateClosure = :g', ExpressionAttributeValues: { ':g': 'tomorrow-ish' },
    }));
    const error = await market.auctions.getAuction('auc_corrupt').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CorruptItemError);
    expect(error).toMatchObject({ kind: 'auction', pk: 'AUCTION#auc_corrupt', sk: 'AUCTION', paths: ['auction.gateClosure'] });
  });

  it('a bid item missing fields raises CorruptItemError', async () => {
    await market.auctions.createAuction(auction('auc_bids'));
    const key = itemKeys.bid('auc_bids', 'bid_broken');
    await t.doc.send(new PutCommand({ TableName: t.tableName, Item: { ...key, type: 'bid', bidder: 'miner-1', updatedAt: NOW.toISOString(), gsi1pk: 'x', gsi1sk: 'y', bid: { id: 'bid_broken', type: 'block' } } }));
    const error = await market.bids.getBid('auc_bids', 'bid_broken').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CorruptItemError);
    expect(error).toMatchObject({ kind: 'bid', pk: key.pk, sk: key.sk });
    expect((error as CorruptItemError).paths).toEqual(expect.arrayContaining(['bid.bidder', 'bid.duration']));
  });

  it('a stored block with neither mw nor profile raises CorruptItemError at bid.mw', async () => {
    const key = itemKeys.bid('auc_bids', 'bid_no_mw');
    const { mw: _dropped, ...noMw } = { ...bid('auc_bids', 'bid_no_mw'), mw: 5 };
    await t.doc.send(new PutCommand({ TableName: t.tableName, Item: { ...key, type: 'bid', bidder: 'miner-1', updatedAt: NOW.toISOString(), gsi1pk: 'x', gsi1sk: 'y', bid: noMw } }));
    const error = await market.bids.getBid('auc_bids', 'bid_no_mw').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CorruptItemError);
    expect((error as CorruptItemError).paths).toEqual(['bid.mw']);
  });

  it('status is written once (top level); an item in the old layout (stale nested status) decodes to the same record', async () => {
    const a = auction('auc_layout');
    await market.auctions.createAuction(a);
    const item = await raw(itemKeys.auction(a.id));
    expect(item?.status).toBe('open');
    expect(item?.auction).not.toHaveProperty('status');
    const lifecycle = createDynamoDbLifecycleStore(t.doc, t.tableName, market);
    expect(await lifecycle.closeGate(a.id, '2026-11-30T20:00:00.000Z', '2026-11-30T20:00:00Z')).toBe(true);
    const before = { market: await market.auctions.getAuction(a.id), lifecycle: await lifecycle.getAuction(a.id) };
    expect(before.market?.status).toBe('closed');
    // The old layout: the header map carried the status of creation, never updated.
    await t.doc.send(new UpdateCommand({ TableName: t.tableName, Key: itemKeys.auction(a.id), UpdateExpression: 'SET auction.#s = :open', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':open': 'open' } }));
    expect({ market: await market.auctions.getAuction(a.id), lifecycle: await lifecycle.getAuction(a.id) }).toEqual(before);
  });

  it('failed guarded writes are explained from the returned old image: forced close → gate-closed, missing bid → not-found', async () => {
    const a = auction('auc_guard');
    await market.auctions.createAuction(a);
    expect(await market.bids.createBid(bid(a.id, 'bid_one'), NOW)).toBe('ok');
    expect(await market.bids.createBid(bid(a.id, 'bid_one'), NOW)).toBe('conflict');
    expect(await market.bids.replaceBid(bid(a.id, 'bid_none'), NOW.toISOString(), NOW)).toBe('not-found');
    expect(await market.bids.deleteBid(a.id, 'bid_none', 'miner-1', NOW)).toBe('not-found');
    expect(await market.bids.replaceBid(bid(a.id, 'bid_one'), '2026-01-01T00:00:00.000Z', NOW)).toBe('conflict');
    expect(await market.bids.createBid(bid('auc_nowhere', 'bid_x'), NOW)).toBe('not-found');
    expect(await market.forecasts.putForecast({ auctionId: 'auc_nowhere', version: 1, intervals: [{ surplusMw: 1, reservePrice: 1 }], createdAt: NOW.toISOString() }, NOW)).toBe('not-found');
    // Forced close before the scheduled gate: the gate closure is in the future, the status says closed.
    await market.auctions.closeGate(a.id, NOW, { gateClosure: '2026-11-30T12:00:00.000Z', closedAt: '2026-11-30T12:00:00Z' });
    const before = new Date('2026-11-30T11:00:00.000Z');
    expect(await market.bids.createBid(bid(a.id, 'bid_two'), before)).toBe('gate-closed');
    expect(await market.forecasts.putForecast({ auctionId: a.id, version: 1, intervals: [{ surplusMw: 1, reservePrice: 1 }], createdAt: before.toISOString() }, before)).toBe('gate-closed');
  });

  it('idempotency: a lost claim reports the record that holds it', async () => {
    expect(await market.idempotency.claim('k1#a', 'h1', 'tok1', 1_000, 5_000, 99_999)).toEqual({ claimed: true });
    expect(await market.idempotency.claim('k1#a', 'h2', 'tok2', 2_000, 6_000, 99_999)).toEqual({ claimed: false, existing: { state: 'pending', requestHash: 'h1', token: 'tok1', leaseUntil: 5_000 } });
    await market.idempotency.complete({ scopeKey: 'k1#a', token: 'tok1', response: { status: 201, contentType: 'application/json', body: '{}' } }, 99_999);
    expect(await market.idempotency.claim('k1#a', 'h2', 'tok2', 9_000, 10_000, 99_999)).toEqual({ claimed: false, existing: { state: 'done', requestHash: 'h1', response: { status: 201, contentType: 'application/json', body: '{}' } } });
  });
});
