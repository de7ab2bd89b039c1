// Hashprice-indexed miner bids end to end, against DynamoDB Local and the real app: the operator
// publishes the index before gate closure (refused after), a miner bids a share of hashprice in
// place of a price, the book freezes the value and prices the step, the result reports the
// effective prices — and without an index the bid is rejected with reason `no-index`.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BookSchema } from '../../../schemas/book';
import { ResultSchema } from '../../../schemas/result';
import { createLifecycleHarness, GATE, NOW, type LifecycleHarness } from './harness';

let h: LifecycleHarness;
beforeAll(async () => { h = await createLifecycleHarness(); });
afterAll(async () => { await h.drop(); });
beforeEach(() => { h.clock.set(NOW); });

const HASHPRICE = { hashprice: { value: 50, asOf: '2026-11-30T11:00:00Z', source: 'test feed' } };
const INDEXED_STEP = { mw: 90, index: { name: 'hashprice', jPerTh: 17.5, share: 0.9 } };

async function clearAndRead(auctionId: string) {
  h.clock.set(new Date(Date.parse(GATE) + 1_000));
  expect((await h.tick()).runs.find((r) => r.auctionId === auctionId)?.clear?.kind).toBe('published');
  const book = BookSchema.parse(await (await h.call('GET', `/v1/auctions/${auctionId}/book`)).json());
  const result = ResultSchema.parse(await (await h.call('GET', `/v1/auctions/${auctionId}/result`)).json());
  return { book, result };
}

describe('hashprice-indexed bids', () => {
  it('publishes the index, prices the step in the book at gate closure, and reports stepPrices', async () => {
    const m = await h.setupAuction();
    const put = await h.call('PUT', `/v1/auctions/${m.auctionId}/indices`, { json: HASHPRICE });
    expect(put.status).toBe(200);
    expect(await put.json()).toMatchObject({ id: m.auctionId, indices: HASHPRICE });
    expect((await h.call('PUT', `/v1/auctions/${m.auctionId}/indices`, { key: m.keys['miner-1'], json: HASHPRICE })).status).toBe(403);

    const res = await h.call('POST', `/v1/auctions/${m.auctionId}/bids`, { key: m.keys['miner-1'], json: { type: 'curve', from: 0, to: 8, steps: [INDEXED_STEP, { mw: 10, price: 35 }] } });
    expect(res.status).toBe(201);
    const bid = await res.json() as { id: string; steps: unknown[] };
    expect(bid.steps[0]).toEqual(INDEXED_STEP); // stored as bid: no price of its own

    const { book, result } = await clearAndRead(m.auctionId);
    expect(book.indices).toEqual(HASHPRICE);
    const inBook = book.bids.find((b) => b.id === bid.id);
    expect(inBook?.type === 'curve' && inBook.steps[0]).toEqual({ mw: 90, price: 107.142857, index: INDEXED_STEP.index });
    const out = result.bids.find((b) => b.id === bid.id);
    expect(out && 'mw' in out && out.stepPrices).toEqual([107.142857, 35]);
    expect((await h.call('PUT', `/v1/auctions/${m.auctionId}/indices`, { json: HASHPRICE })).status).toBe(409);
  });

  it('without an index value the indexed bid is rejected with reason no-index, never priced by a guess', async () => {
    const m = await h.setupAuction();
    const res = await h.call('POST', `/v1/auctions/${m.auctionId}/bids`, { key: m.keys['miner-2'], json: { type: 'curve', from: 0, to: 8, steps: [INDEXED_STEP] } });
    expect(res.status).toBe(201);
    const { id } = await res.json() as { id: string };
    const { book, result } = await clearAndRead(m.auctionId);
    expect(book.indices).toBeUndefined();
    const out = result.bids.find((b) => b.id === id);
    expect(out).toMatchObject({ accepted: false, mw: [], reason: 'no-index' });
  });

  it('bad input: 400 with field paths, 415 for another content type, 404 for an unknown auction; nothing stored', async () => {
    const m = await h.setupAuction();
    const bad = async (json: unknown, path: string) => {
      const r = await h.call('POST', `/v1/auctions/${m.auctionId}/bids`, { key: m.keys['miner-1'], json });
      expect(r.status).toBe(400);
      expect(JSON.stringify(await r.json())).toContain(path);
    };
    await bad({ type: 'curve', from: 0, to: 8, steps: [{ ...INDEXED_STEP, price: 50 }] }, 'steps[0].index');
    await bad({ type: 'curve', from: 0, to: 8, steps: [{ mw: 5 }] }, 'steps[0].price');
    await bad({ type: 'curve', from: 0, to: 8, steps: [{ mw: 5, index: { name: 'hashprice', jPerTh: 0, share: 1 } }] }, 'steps[0].index.jPerTh');
    await bad({ type: 'curve', from: 0, to: 8, steps: [{ mw: 5, index: { name: 'gold', jPerTh: 20, share: 1 } }] }, 'steps[0].index.name');
    const indices = async (init: { json?: unknown; body?: string; headers?: Record<string, string> }, status: number) => {
      const r = await h.call('PUT', `/v1/auctions/${m.auctionId}/indices`, init);
      expect(r.status).toBe(status);
      return r;
    };
    await indices({ json: {} }, 400);
    await indices({ json: { hashprice: { value: -1, asOf: '2026-11-30T11:00:00Z', source: 'x' } } }, 400);
    await indices({ json: { hashprice: { value: 1e-200, asOf: '2026-11-30T11:00:00Z', source: 'x' } } }, 400);
    await indices({ json: { hashprice: { value: 50, asOf: 'yesterday', source: 'x' } } }, 400);
    await indices({ body: 'hashprice=50', headers: { 'content-type': 'text/plain' } }, 415);
    expect((await h.call('PUT', '/v1/auctions/auc_nope/indices', { json: HASHPRICE })).status).toBe(404);
    const auction = await (await h.call('GET', `/v1/auctions/${m.auctionId}`)).json() as { indices?: unknown };
    expect(auction.indices).toBeUndefined();
  });
});
