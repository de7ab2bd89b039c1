// GET /v1/prices and the public transparency routes through the real app on DynamoDB Local:
// the interval numbers equal GET …/result's, CSV rows match, nothing names a bidder, 404 for an
// unpublished or unknown auction, 400 with field paths for bad queries, no key needed under /public.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResultSchema, type ClearingResult } from '../../../schemas/result';
import { PricePageSchema, PublicAuctionDetailSchema, PublicAuctionPageSchema } from '../../../schemas/api/market-data';
import { createLifecycleHarness, DELIVERY, DELIVERY_END, GATE, INTERVALS, NOW, type LifecycleHarness, type Market } from './harness';

let h: LifecycleHarness;
let m: Market;
let unpublished: Market;
let result: ClearingResult;
let zone: string;
beforeAll(async () => {
  h = await createLifecycleHarness();
  h.clock.set(NOW);
  m = await h.setupAuction();
  h.clock.set(new Date(Date.parse(GATE) + 1_000));
  expect((await h.tick()).runs.find((r) => r.auctionId === m.auctionId)?.clear?.kind).toBe('published');
  result = ResultSchema.parse(await (await h.call('GET', `/v1/auctions/${m.auctionId}/result`)).json());
  zone = (await (await h.call('GET', `/v1/auctions/${m.auctionId}`)).json() as { zone: string }).zone;
  h.clock.set(NOW);
  unpublished = await h.setupAuction();
});
afterAll(async () => { await h.drop(); });

const pricesPath = (q = `zone=${zone}&from=${DELIVERY}&to=${DELIVERY_END}`) => `/v1/prices?${q}`;

describe('GET /v1/prices', () => {
  it('one row per interval equal to the published result', async () => {
    const res = await h.call('GET', pricesPath(), { key: m.keys['miner-1'] });
    expect(res.status).toBe(200);
    const page = PricePageSchema.parse(await res.json());
    const rows = page.items.filter((r) => r.auctionId === m.auctionId);
    expect(rows).toHaveLength(INTERVALS);
    expect(page.items.some((r) => r.auctionId === unpublished.auctionId)).toBe(false);
    rows.forEach((r, i) => expect({ price: r.price, aiMw: r.aiMw, miningMw: r.miningMw, unallocatedMw: r.unallocatedMw }).toEqual(result.intervals[i]));
    expect(Date.parse(rows[0]?.start ?? '')).toBe(Date.parse(DELIVERY));
  });
  it('only the intervals overlapping [from, to)', async () => {
    const to = new Date(Date.parse(DELIVERY) + 30 * 60_000).toISOString();
    const page = PricePageSchema.parse(await (await h.call('GET', pricesPath(`zone=${zone}&from=${DELIVERY}&to=${to}`))).json());
    expect(page.items.map((r) => r.interval)).toEqual([0, 1]);
  });
  it('CSV: a header and one row per interval', async () => {
    const res = await h.call('GET', pricesPath(), { headers: { accept: 'text/csv' } });
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await res.text()).trim().split('\r\n');
    expect(lines[0]).toBe('auctionId,interval,startUtc,startLocal,currency,price,aiMw,miningMw,unallocatedMw');
    expect(lines).toHaveLength(INTERVALS + 1);
    expect(lines[1]?.split(',')[5]).toBe(String(result.intervals[0]?.price));
  });
  it('400 with field paths: missing zone, from after to, a range over 93 days, no key → 401', async () => {
    const cases: [string, string][] = [
      [`from=${DELIVERY}&to=${DELIVERY_END}`, 'zone'],
      [`zone=${zone}&from=${DELIVERY_END}&to=${DELIVERY}`, 'to'],
      [`zone=${zone}&from=2026-01-01T00:00:00Z&to=2026-06-01T00:00:00Z`, 'to'],
      [`zone=${zone}&from=yesterday&to=${DELIVERY}`, 'from'],
    ];
    for (const [q, path] of cases) {
      const res = await h.call('GET', pricesPath(q));
      expect(res.status, q).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/problem\+json/);
      const body = await res.json() as { errors: { path: string }[] };
      expect(body.errors.map((e) => e.path), q).toContain(path);
    }
    expect((await h.call('GET', pricesPath(), { key: null })).status).toBe(401);
  });
});

describe('/public (no key)', () => {
  it('lists published auctions only, with welfare, bound and the book digest', async () => {
    const res = await h.call('GET', '/public/auctions', { key: null });
    expect(res.status).toBe(200);
    const page = PublicAuctionPageSchema.parse(await res.json());
    expect(page.items.map((a) => a.id)).toEqual([m.auctionId]);
    expect(page.items[0]).toMatchObject({ welfare: result.welfare, bound: result.bound, optimal: result.optimal, inputDigest: result.inputDigest, intervals: INTERVALS });
  });
  it('one auction: the interval results and no bidder id or bid id', async () => {
    const res = await h.call('GET', `/public/auctions/${m.auctionId}`, { key: null });
    const text = await res.text();
    const detail = PublicAuctionDetailSchema.parse(JSON.parse(text));
    detail.intervalResults.forEach((r, i) => expect({ price: r.price, aiMw: r.aiMw, miningMw: r.miningMw, unallocatedMw: r.unallocatedMw }).toEqual(result.intervals[i]));
    expect(detail.intervalResults.every((r) => r.curtailedMw === 0)).toBe(true);
    for (const secret of [...Object.keys(m.bids), ...Object.values(m.bids), ...result.bids.map((b) => b.id)]) expect(text).not.toContain(secret);
  });
  it('CSV by ?format=csv and by Accept', async () => {
    const byQuery = await (await h.call('GET', `/public/auctions/${m.auctionId}?format=csv`, { key: null })).text();
    const byAccept = await (await h.call('GET', `/public/auctions/${m.auctionId}`, { key: null, headers: { accept: 'text/csv' } })).text();
    expect(byQuery).toBe(byAccept);
    expect(byQuery.trim().split('\r\n')).toHaveLength(INTERVALS + 1);
    const list = await (await h.call('GET', '/public/auctions?format=csv', { key: null })).text();
    expect(list).toContain(result.inputDigest);
  });
  it('404 problem+json for an unpublished or unknown auction; 400 for a bad id', async () => {
    for (const id of [unpublished.auctionId, 'no-such-auction']) {
      const res = await h.call('GET', `/public/auctions/${id}`, { key: null });
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/problem\+json/);
    }
    expect((await h.call('GET', '/public/auctions/bad%20id', { key: null })).status).toBe(400);
  });
  it('pages: the list links the auction; the auction page carries the chart and its data, no bidder names', async () => {
    const list = await h.call('GET', '/public', { key: null });
    expect(list.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await list.text()).toContain(`/public/auction/${m.auctionId}`);
    const page = await h.call('GET', `/public/auction/${m.auctionId}`, { key: null });
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    expect(html).toContain('id="split-chart"');
    expect(html).toContain('id="auction-data"');
    expect(html).toContain(result.inputDigest);
    for (const secret of [...Object.keys(m.bids), ...result.bids.map((b) => b.id)]) expect(html).not.toContain(secret);
    expect((await h.call('GET', `/public/auction/${unpublished.auctionId}`, { key: null })).status).toBe(404);
  });
  it('after a curtailment: curtailed MW in aggregate per interval, still no bidder names', async () => {
    const allocated = (i: number) => (result.intervals[i]?.aiMw ?? 0) + (result.intervals[i]?.miningMw ?? 0);
    expect(allocated(2)).toBeGreaterThan(1);
    const cut = await h.call('POST', `/v1/auctions/${m.auctionId}/curtailments`, { json: { intervals: [{ index: 2, surplusMw: 1 }] } });
    expect(cut.status).toBe(200);
    const text = await (await h.call('GET', `/public/auctions/${m.auctionId}`, { key: null })).text();
    const detail = PublicAuctionDetailSchema.parse(JSON.parse(text));
    expect(detail.curtailments).toBe(1);
    expect(detail.intervalResults.map((r) => r.curtailedMw)).toEqual(result.intervals.map((_, i) => (i === 2 ? allocated(2) - 1 : 0)));
    for (const secret of Object.keys(m.bids)) expect(text).not.toContain(secret);
    const csv = await (await h.call('GET', `/public/auctions/${m.auctionId}?format=csv`, { key: null })).text();
    expect(csv.trim().split('\r\n')[3]?.split(',').at(-1)).toBe(String(allocated(2) - 1));
  });
});
