import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './support/api';

describe('smoke', () => {
  let h: Harness;
  beforeAll(async () => { h = await createHarness(); });
  afterAll(async () => { await h.drop(); });
  it('creates an auction and a bid', async () => {
    const auction = await h.createAuction();
    const miner = await h.createBidder('miner-7', ['mining']);
    const res = await h.call('POST', `/v1/auctions/${auction.id}/bids`, { key: miner, json: { type: 'curve', from: 0, to: 96, steps: [{ mw: 40, price: 70 }, { price: 52.5, workload: { kind: 'asic', model: 'Antminer-S21', count: 10000 } }] } });
    console.log(res.status, await res.text());
    const list = await h.call('GET', `/v1/auctions/${auction.id}/bids`, { key: miner });
    console.log(list.status, await list.text());
    const bad = await h.call('POST', `/v1/auctions/${auction.id}/bids`, { key: miner, body: '{"type":"curve","from":0,"to":1e309,"steps":[]}', headers: { 'content-type': 'application/json' } });
    console.log(bad.status, await bad.text());
    const mal = await h.call('POST', `/v1/auctions/${auction.id}/bids`, { key: miner, body: '{"type":', headers: { 'content-type': 'application/json' } });
    console.log(mal.status, mal.headers.get('content-type'), await mal.text());
    const ct = await h.call('POST', `/v1/auctions/${auction.id}/bids`, { key: miner, body: 'x', headers: { 'content-type': 'text/plain' } });
    console.log(ct.status, await ct.text());
    const m405 = await h.call('PUT', `/v1/auctions/${auction.id}/bids`, { key: miner });
    console.log(m405.status, m405.headers.get('allow'), await m405.text());
    const doc = await h.call('GET', '/openapi.json', { key: null });
    console.log(doc.status, (await doc.text()).slice(0, 300));
    expect(res.status).toBe(201);
  });
});
