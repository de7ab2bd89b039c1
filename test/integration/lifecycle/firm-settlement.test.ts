// Firm settlement (issue #10, SPEC §2 "Firm capacity", §5) through the real app and engine on
// DynamoDB Local: with 40 of 100 MW firm and two 40 MW firm AI blocks, firm capacity sells out
// and the result carries firmPrice 80 > price 50. The accepted firm block is charged firmPrice
// for all its energy (also when metered below its allocation), the interruptible miners price;
// the result CSV's price and amount agree with the settlement line for line, and every total is
// the exact sum of its lines in cents.
// The book is published through the lifecycle store's own steps (claim, saveBook, saveResult,
// publish — what claimAndClear does) with the interval's firmMw kept: assembleBook
// (lib/lifecycle/assemble-book.ts, not this change's) does not carry firmMw from the forecast
// into the book yet, so a tick would clear this auction without firm capacity. The engine, the
// store, DynamoDB Local and the HTTP reads are the real ones.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assembleBook } from '../../../lib/lifecycle/assemble-book';
import { ResultSchema, type ClearingResult } from '../../../schemas/result';
import { SettlementPageSchema, type Settlement } from '../../../schemas/lifecycle';
import { createLifecycleHarness, GATE, NOW, type LifecycleHarness } from './harness';

let h: LifecycleHarness;
const ids = { auction: '', ai: '', aiOut: '', miners: '', flexAi: '' };
const keys = { ai: '', miner: '' };
let result: ClearingResult;

const ok = async (res: Response | Promise<Response>, status: number) => {
  const r = await res;
  if (r.status !== status) throw new Error(`${r.status} ${await r.text()}`);
  return r.json() as Promise<Record<string, unknown>>;
};
const settlement = async (): Promise<Settlement> => SettlementPageSchema.parse(await ok(h.call('GET', `/v1/auctions/${ids.auction}/settlement`), 200));
const cents = (x: number) => Math.round(x * 100);

beforeAll(async () => {
  h = await createLifecycleHarness();
  h.clock.set(NOW);
  const auction = await ok(h.call('POST', '/v1/auctions', { json: { zone: 'PK-FIRM', deliveryStart: '2026-12-01T00:00:00Z', intervalMinutes: 15, intervalCount: 4, gateClosure: GATE } }), 201);
  ids.auction = auction.id as string;
  await ok(h.call('PUT', `/v1/auctions/${ids.auction}/forecast`, { json: { intervals: Array.from({ length: 4 }, () => ({ surplusMw: 100, reservePrice: 10, firmMw: 40 })) } }), 200);
  keys.ai = (await ok(h.call('POST', '/v1/keys', { json: { role: 'bidder', bidderId: 'tenant-a', classes: ['ai'] } }), 201)).key as string;
  keys.miner = (await ok(h.call('POST', '/v1/keys', { json: { role: 'bidder', bidderId: 'miners', classes: ['mining'] } }), 201)).key as string;
  const bid = async (key: string, json: unknown) => (await ok(h.call('POST', `/v1/auctions/${ids.auction}/bids`, { key, json }), 201)).id as string;
  const block = { type: 'block', duration: 4, earliestStart: 0, latestStart: 0, minAcceptanceRatio: 1 };
  ids.ai = await bid(keys.ai, { ...block, mw: 40, price: 100 });
  ids.aiOut = await bid(keys.ai, { ...block, mw: 40, price: 80 });
  ids.miners = await bid(keys.miner, { type: 'curve', from: 0, to: 4, steps: [{ mw: 100, price: 50 }] });
  h.clock.set(new Date(Date.parse(GATE) + 1_000));
  const store = h.services.store;
  const now = h.clock.now();
  expect(await store.transition(ids.auction, 'open', 'closed', { closedAt: GATE })).toBe(true);
  expect(await store.claim(ids.auction, { owner: 'firm-test', now, leaseUntil: new Date(now.getTime() + 60_000) })).not.toBeNull();
  const inputs = await store.readBookInputs(ids.auction);
  const assembled = assembleBook(inputs.auction, inputs.forecasts, inputs.bids);
  const latest = inputs.forecasts.reduce((a, b) => (b.version > a.version ? b : a));
  const book = { ...assembled, intervals: assembled.intervals.map((iv, t) => ({ ...iv, firmMw: latest.intervals[t]!.firmMw! })) };
  const inputDigest = h.engine.digest(book);
  await store.saveBook(ids.auction, inputDigest, JSON.stringify(book));
  const resultJson = h.engine.serialize(await h.engine.clear(book, { timeLimitMs: 20_000 }));
  const resultSha256 = createHash('sha256').update(resultJson).digest('hex');
  await store.saveResult(ids.auction, { inputDigest, resultSha256 }, resultJson);
  expect(await store.publish(ids.auction, { owner: 'firm-test', inputDigest, resultSha256, resultBytes: Buffer.byteLength(resultJson), at: now })).toBe(true);
  result = ResultSchema.parse(await ok(h.call('GET', `/v1/auctions/${ids.auction}/result`), 200));
});
afterAll(async () => { await h.drop(); });

describe('firm settlement', () => {
  it('the result carries a firm premium: firmPrice 80 over price 50 in every interval', () => {
    for (const iv of result.intervals) expect(iv).toMatchObject({ price: 50, firmPrice: 80, firmMw: 40 });
    expect(result.bids.find((b) => b.id === ids.ai)).toMatchObject({ accepted: true, ratio: 1 });
    expect(result.bids.find((b) => b.id === ids.aiOut)).toMatchObject({ accepted: false });
  });

  it('the firm block pays firmPrice, the interruptible miners price; totals are the exact sums', async () => {
    const s = await settlement();
    const lines = s.statements.flatMap((st) => st.lines);
    const ai = lines.filter((l) => l.bidId === ids.ai);
    const miners = lines.filter((l) => l.bidId === ids.miners);
    expect(ai).toHaveLength(4);
    for (const l of ai) expect(l).toMatchObject({ price: 80, deliveredMwh: 10, charge: 800 }); // 40 MW × ¼ h × 80
    for (const l of miners) expect(l).toMatchObject({ price: 50, deliveredMwh: 15, charge: 750 }); // 60 MW × ¼ h × 50
    for (const st of s.statements) expect(cents(st.totals.charge)).toBe(st.lines.reduce((c, l) => c + cents(l.charge), 0));
    expect(cents(s.totals!.revenue)).toBe(4 * 80_000 + 4 * 75_000);
    expect(cents(s.totals!.byClass.ai.charge)).toBe(4 * 80_000);
    expect(cents(s.totals!.byClass.mining.charge)).toBe(4 * 75_000);
  });

  it('the result CSV charges the same: price 80 and 800.00 for the firm block, line for line with the settlement', async () => {
    const text = await (await h.call('GET', `/v1/auctions/${ids.auction}/result`, { headers: { accept: 'text/csv' } })).text();
    const [head, ...rows] = text.trim().split('\r\n').map((l) => l.split(','));
    const col = (name: string) => head!.indexOf(name);
    const ai = rows.filter((r) => r[col('bid_id')] === ids.ai);
    expect(ai.map((r) => [r[col('price')], r[col('amount')]])).toEqual(Array.from({ length: 4 }, () => ['80', '800.00']));
    const miners = rows.filter((r) => r[col('bid_id')] === ids.miners);
    expect(miners.map((r) => [r[col('price')], r[col('amount')]])).toEqual(Array.from({ length: 4 }, () => ['50', '750.00']));
    // The rejected firm block's rows show what it would have paid: the firm price.
    expect(rows.filter((r) => r[col('bid_id')] === ids.aiOut).every((r) => r[col('price')] === '80' && r[col('amount')] === '0.00')).toBe(true);
  });

  it('metered below its allocation, the firm block still pays its allowed energy at firmPrice; the miners their metered energy at price', async () => {
    h.clock.advance(1_000);
    await ok(h.call('POST', `/v1/auctions/${ids.auction}/meter-readings`, { key: keys.ai, json: { readings: [{ bidId: ids.ai, interval: 0, mwh: 2 }] } }), 200);
    await ok(h.call('POST', `/v1/auctions/${ids.auction}/meter-readings`, { key: keys.miner, json: { readings: [{ bidId: ids.miners, interval: 0, mwh: 3 }] } }), 200);
    const lines = (await settlement()).statements.flatMap((st) => st.lines);
    expect(lines.find((l) => l.bidId === ids.ai && l.interval === 0)).toMatchObject({ price: 80, deliveredMwh: 10, charge: 800, meteredMwh: 2, breach: false });
    expect(lines.find((l) => l.bidId === ids.miners && l.interval === 0)).toMatchObject({ price: 50, deliveredMwh: 3, charge: 150, meteredMwh: 3, breach: false });
  });
});
