// Market design v2 end to end (issue #10) through the real app, DynamoDB Local and the real
// engine: a forecast with firm_mw (CSV) → bids with an exclusive group, a linked parent and
// child, a profile, firmness and an indexed step → PUT indices → the operator's forced clear →
// the book carries every v2 field and passes validateBook; the result has firmPrice, firmMw,
// atRiskMw and the reasons; /v1/prices and /public carry the firm figures (CSV: last columns).
// Then a parent removed under its child behind the API's back: the book leaves the child out and still clears.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BookSchema, type Book } from '../../../schemas/book';
import { ResultSchema, type ClearingResult } from '../../../schemas/result';
import { PricePageSchema, PublicAuctionDetailSchema } from '../../../schemas/api/market-data';
import { StoredBidSchema } from '../../../schemas/api/bids';
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { validateBook } from '../../../lib/clearing/validate-book';
import { itemKeys } from '../../../lib/store/keys';
import { createLifecycleHarness, DELIVERY, DELIVERY_END, GATE, INTERVALS, NOW, type LifecycleHarness } from './harness';

let h: LifecycleHarness;
beforeAll(async () => { h = await createLifecycleHarness(); h.clock.set(NOW); });
afterAll(async () => { await h.drop(); });

const SURPLUS = 300;
const FIRM = 150;
const HASHPRICE = { hashprice: { value: 50, asOf: '2026-11-30T11:00:00Z', source: 'test feed' } };
const INDEX = { name: 'hashprice', jPerTh: 17.5, share: 0.9 };

async function ok(res: Response, status: number): Promise<Record<string, unknown>> {
  if (res.status !== status) throw new Error(`${res.status} ${await res.text()}`);
  return res.json() as Promise<Record<string, unknown>>;
}

async function openAuction(): Promise<string> {
  const auction = await ok(await h.call('POST', '/v1/auctions', { json: { zone: 'PK-V2', deliveryStart: DELIVERY, intervalMinutes: 15, intervalCount: INTERVALS, gateClosure: GATE } }), 201);
  return auction.id as string;
}

async function key(bidderId: string, classes: string[]): Promise<string> {
  return (await ok(await h.call('POST', '/v1/keys', { json: { role: 'bidder', bidderId, classes } }), 201)).key as string;
}

async function clear(auctionId: string): Promise<{ book: Book; result: ClearingResult }> {
  await ok(await h.call('POST', `/v1/auctions/${auctionId}/clear`, { json: { force: true } }), 202);
  expect(h.clearingRequests).toContain(auctionId);
  expect((await h.tick()).runs.find((r) => r.auctionId === auctionId)?.clear?.kind).toBe('published');
  const book = BookSchema.parse(await ok(await h.call('GET', `/v1/auctions/${auctionId}/book`), 200));
  const result = ResultSchema.parse(await ok(await h.call('GET', `/v1/auctions/${auctionId}/result`), 200));
  return { book, result };
}

describe('market design v2, end to end', () => {
  let auctionId: string;
  let ids: Record<string, string>;
  let book: Book;
  let result: ClearingResult;
  beforeAll(async () => {
    auctionId = await openAuction();
    // Interval 7 leaves firm_mw empty: all of its surplus counts as firm there.
    const csv = ['interval,surplus_mw,reserve_price,firm_mw', ...Array.from({ length: INTERVALS }, (_, i) => `${i},${SURPLUS},30,${i === 7 ? '' : FIRM}`)].join('\n');
    await ok(await h.call('PUT', `/v1/auctions/${auctionId}/forecast`, { body: csv, headers: { 'content-type': 'text/csv' } }), 200);
    const keys = { t1: await key('v2-tenant-1', ['ai']), t2: await key('v2-tenant-2', ['ai']), m1: await key('v2-miner-1', ['mining']), m2: await key('v2-miner-2', ['mining']) };
    const bid = async (k: string, json: unknown) => (await ok(await h.call('POST', `/v1/auctions/${auctionId}/bids`, { key: k, json }), 201)).id as string;
    const block = { duration: 4, earliestStart: 0, latestStart: 4, minAcceptanceRatio: 1 };
    ids = {} as Record<string, string>;
    ids.siteA = await bid(keys.t1, { type: 'block', mw: 100, price: 95, exclusiveGroup: 'site', ...block, latestStart: 0 });
    ids.siteB = await bid(keys.t1, { type: 'block', mw: 100, price: 90, exclusiveGroup: 'site', ...block, latestStart: 0 });
    // A parent priced below the reserve; its small child cannot carry it: both rejected.
    ids.parent = await bid(keys.t1, { type: 'block', mw: 100, price: 20, ...block });
    ids.child = await bid(keys.t1, { type: 'block', mw: 1, price: 100, duration: 1, earliestStart: 0, latestStart: 7, minAcceptanceRatio: 1, parentId: ids.parent });
    ids.profile = await bid(keys.t2, { type: 'block', profile: [20, 40, 60, 40], firmness: 'interruptible', price: 80, ...block, minAcceptanceRatio: 0.5 });
    // Firm blocks fixed at intervals 0–3, where siteA and the firm curve already use the firm level.
    ids.firmBlock = await bid(keys.t2, { type: 'block', mw: 30, price: 85, ...block, latestStart: 0 });
    ids.firmLoser = await bid(keys.t2, { type: 'block', mw: 30, price: 50, ...block, latestStart: 0 });
    ids.indexed = await bid(keys.m1, { type: 'curve', from: 0, to: INTERVALS, steps: [{ mw: 40, index: INDEX }, { mw: 60, price: 45 }] });
    ids.firmCurve = await bid(keys.m2, { type: 'curve', firmness: 'firm', from: 0, to: INTERVALS, steps: [{ mw: 50, price: 60 }] });
    const before = await ok(await h.call('GET', `/v1/auctions/${auctionId}`), 200);
    h.clock.set('2026-11-30T13:00:00.000Z');
    const withIndex = await ok(await h.call('PUT', `/v1/auctions/${auctionId}/indices`, { json: HASHPRICE }), 200);
    expect(withIndex.updatedAt).toBe('2026-11-30T13:00:00.000Z');
    expect(withIndex.updatedAt).not.toBe(before.updatedAt);
    ({ book, result } = await clear(auctionId));
  }, 120_000);

  it('the forecast version keeps firmMw (GET forecast, versions)', async () => {
    const forecast = await ok(await h.call('GET', `/v1/auctions/${auctionId}/forecast`), 200) as { intervals: { firmMw?: number }[] };
    expect(forecast.intervals.map((i) => i.firmMw)).toEqual([...Array.from({ length: 7 }, () => FIRM), undefined]);
    const versions = await ok(await h.call('GET', `/v1/auctions/${auctionId}/forecast/versions`), 200) as { items: { firmMwh?: number; surplusMwh: number }[] };
    expect(versions.items[0]).toMatchObject({ surplusMwh: SURPLUS * 2, firmMwh: (FIRM * 7 + SURPLUS) * 0.25 });
  });

  it('the book carries firmMw, firmness, exclusiveGroup, parentId, profile, the indexed step and indices, and passes validateBook', () => {
    expect(validateBook(book)).toMatchObject({ ok: true });
    expect(book.intervals.map((i) => i.firmMw)).toEqual([...Array.from({ length: 7 }, () => FIRM), undefined]);
    expect('firmMw' in book.intervals[7]!).toBe(false);
    const byId = new Map(book.bids.map((b) => [b.id, b]));
    expect(byId.get(ids.siteA!)).toMatchObject({ exclusiveGroup: 'site', mw: 100 });
    expect(byId.get(ids.child!)).toMatchObject({ parentId: ids.parent });
    expect(byId.get(ids.profile!)).toMatchObject({ profile: [20, 40, 60, 40], firmness: 'interruptible' });
    expect('mw' in byId.get(ids.profile!)!).toBe(false);
    expect(byId.get(ids.firmCurve!)).toMatchObject({ firmness: 'firm' });
    const indexed = byId.get(ids.indexed!);
    expect(indexed?.type === 'curve' && indexed.steps[0]).toEqual({ mw: 40, price: 107.142857, index: INDEX });
    expect(book.indices).toEqual(HASHPRICE);
  });

  it('the result has firmPrice ≥ price, firmMw within the firm level, atRiskMw, and the reasons', () => {
    expect(result.intervals).toHaveLength(INTERVALS);
    result.intervals.forEach((r, t) => {
      expect(r.firmPrice).toBeGreaterThanOrEqual(r.price);
      expect(r.firmMw).toBeGreaterThanOrEqual(0);
      expect(r.firmMw!).toBeLessThanOrEqual((t === 7 ? SURPLUS : FIRM) + 1e-6);
      expect(r.atRiskMw).toBeGreaterThanOrEqual(0);
      expect(r.aiMw + r.miningMw).toBeLessThanOrEqual(SURPLUS + 1e-6);
    });
    const out = new Map(result.bids.map((b) => [b.id, b]));
    expect(out.get(ids.siteA!)).toMatchObject({ accepted: true, ratio: 1 });
    expect(out.get(ids.siteB!)).toMatchObject({ accepted: false, reason: 'exclusive-group', acceptedMember: ids.siteA });
    expect(out.get(ids.parent!)).toMatchObject({ accepted: false });
    expect(out.get(ids.child!)).toMatchObject({ accepted: false, reason: 'parent-rejected' });
    expect(out.get(ids.indexed!)).toMatchObject({ stepPrices: [107.142857, 45] });
    // Intervals 0–3: siteA (100), firmBlock (30) and 20 MW of the firm curve use the whole firm
    // level, so firm power is priced by the firm curve's 60 while energy stays at the reserve.
    expect(result.intervals.slice(0, 4).map((r) => [r.price, r.firmPrice, r.firmMw])).toEqual(Array.from({ length: 4 }, () => [30, 60, FIRM]));
    expect(out.get(ids.firmBlock!)).toMatchObject({ accepted: true, start: 0, ratio: 1 });
    expect(out.get(ids.firmLoser!)).toMatchObject({ accepted: false, reason: 'firm-capacity' });
    expect(out.get(ids.firmCurve!)).toMatchObject({ mw: [20, 20, 20, 20, 50, 50, 50, 50], reason: 'marginal' });
    expect(out.get(ids.profile!)).toMatchObject({ accepted: true, ratio: 1 });
  });

  it('/v1/prices and /public/auctions/{id} carry firmPrice, firmMw and atRiskMw; CSV appends them last', async () => {
    const q = `zone=PK-V2&from=${DELIVERY}&to=${DELIVERY_END}`;
    const page = PricePageSchema.parse(await ok(await h.call('GET', `/v1/prices?${q}`), 200));
    const rows = page.items.filter((r) => r.auctionId === auctionId);
    expect(rows.map((r) => [r.firmPrice, r.firmMw, r.atRiskMw])).toEqual(result.intervals.map((r) => [r.firmPrice, r.firmMw, r.atRiskMw]));
    const csv = (await (await h.call('GET', `/v1/prices?${q}&format=csv`)).text()).trim().split('\r\n');
    expect(csv[0]).toBe('auctionId,interval,startUtc,startLocal,currency,price,aiMw,miningMw,unallocatedMw,firmPrice,firmMw,atRiskMw');
    const first = csv.find((l) => l.startsWith(`${auctionId},0,`))!.split(',');
    expect(first.slice(9).map(Number)).toEqual([result.intervals[0]!.firmPrice, result.intervals[0]!.firmMw, result.intervals[0]!.atRiskMw]);

    const detail = PublicAuctionDetailSchema.parse(await ok(await h.call('GET', `/public/auctions/${auctionId}`, { key: null }), 200));
    expect(detail.intervalResults.map((r) => [r.firmPrice, r.atRiskMw])).toEqual(result.intervals.map((r) => [r.firmPrice, r.atRiskMw]));
    const pub = (await (await h.call('GET', `/public/auctions/${auctionId}?format=csv`, { key: null })).text()).trim().split('\r\n');
    expect(pub[0]).toBe('auctionId,interval,startUtc,startLocal,currency,price,aiMw,miningMw,unallocatedMw,curtailedMw,firmPrice,firmMw,atRiskMw');
    expect(pub[1]!.split(',').slice(10).map(Number)).toEqual([result.intervals[0]!.firmPrice, result.intervals[0]!.firmMw, result.intervals[0]!.atRiskMw]);
    // the public page shows the firm product beside the energy price
    const html = await (await h.call('GET', `/public/auction/${auctionId}`, { key: null })).text();
    for (const heading of ['Firm price', 'Firm MW', 'At-risk MW']) expect(html).toContain(`<th class="num">${heading}</th>`);
  });
});

describe('a parent gone under its child (a link the table no longer backs)', () => {
  it('book assembly leaves the child out deterministically; the book passes validateBook and clears', async () => {
    h.clock.set(NOW);
    const auctionId = await openAuction();
    await ok(await h.call('PUT', `/v1/auctions/${auctionId}/forecast`, { json: { intervals: Array.from({ length: INTERVALS }, () => ({ surplusMw: 200, reservePrice: 30 })) } }), 200);
    const t = await key('race-tenant', ['ai']);
    const post = async (json: unknown) => StoredBidSchema.parse(await ok(await h.call('POST', `/v1/auctions/${auctionId}/bids`, { key: t, json }), 201));
    const block = { type: 'block', mw: 50, duration: 2, earliestStart: 0, latestStart: 6, price: 80, minAcceptanceRatio: 1 };
    const parent = await post(block);
    const child = await post({ ...block, parentId: parent.id });
    const other = await post(block);
    // The API and the store refuse to delete a parent with children (409 / 'has-children'); an item
    // removed behind their back (a restore, a manual fix, data from before parents counted their
    // children) is the case assembly must still survive.
    expect((await h.call('DELETE', `/v1/auctions/${auctionId}/bids/${parent.id}`, { key: t })).status).toBe(409);
    await h.table.doc.send(new DeleteCommand({ TableName: h.table.tableName, Key: itemKeys.bid(auctionId, parent.id) }));

    const { book, result } = await clear(auctionId);
    expect(validateBook(book)).toMatchObject({ ok: true });
    expect(book.bids.map((b) => b.id)).toEqual([other.id]);
    expect(result.bids.map((b) => b.id)).toEqual([other.id]);
    expect(child.id).not.toBe(other.id);
  }, 60_000);
});
