// Auctions and forecasts through the real app on DynamoDB Local.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, DELIVERY, GATE, NOW, type Harness } from './support/api';
import { forecast } from './support/bodies';
import { AuctionPageSchema, AuctionSchema } from '../../schemas/api/auctions';
import { ForecastSchema, ForecastVersionsSchema } from '../../schemas/api/forecasts';
import { ProblemSchema } from '../../schemas/api/common';

describe('auctions', () => {
  let h: Harness;
  beforeAll(async () => { h = await createHarness(); });
  afterAll(async () => { await h.drop(); });

  it('POST creates an open auction with defaults; GET returns it byte for byte', async () => {
    const res = await h.call('POST', '/v1/auctions', { json: { zone: 'PK-NORTH', deliveryStart: '2026-12-01T05:00:00+05:00', intervalMinutes: 15, intervalCount: 96, gateClosure: GATE } });
    expect(res.status).toBe(201);
    const text = await res.text();
    const auction = AuctionSchema.parse(JSON.parse(text));
    expect(auction).toMatchObject({ status: 'open', pricing: 'uniform', currency: 'USD', deliveryStart: DELIVERY, gateClosure: GATE, createdAt: NOW });
    const got = await h.call('GET', `/v1/auctions/${auction.id}`);
    expect(await got.text()).toBe(text);
  });

  it('validates with field paths: gate after delivery, gate in the past, interval counts', async () => {
    const bad = await h.call('POST', '/v1/auctions', { json: { zone: 'Z', deliveryStart: DELIVERY, intervalMinutes: 20, intervalCount: 673, gateClosure: '2026-12-02T00:00:00Z', pricing: 'vickrey' } });
    expect(bad.status).toBe(400);
    const paths = ProblemSchema.parse(await bad.json()).errors?.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['intervalMinutes', 'intervalCount', 'pricing']));
    const late = await h.call('POST', '/v1/auctions', { json: { zone: 'Z', deliveryStart: DELIVERY, intervalMinutes: 15, intervalCount: 4, gateClosure: '2026-12-02T00:00:00Z' } });
    expect(ProblemSchema.parse(await late.json()).errors).toEqual([{ path: 'gateClosure', message: 'gateClosure must not be after deliveryStart' }]);
    const past = await h.call('POST', '/v1/auctions', { json: { zone: 'Z', deliveryStart: DELIVERY, intervalMinutes: 15, intervalCount: 4, gateClosure: '2026-11-30T11:00:00Z' } });
    expect(past.status).toBe(422);
    expect(ProblemSchema.parse(await past.json()).errors?.[0]?.path).toBe('gateClosure');
  });

  it('shows status closed once the clock passes gate closure, before any scheduler runs', async () => {
    const { id } = await h.createAuction({ gateClosure: '2026-11-30T13:00:00Z' });
    h.clock.set('2026-11-30T13:00:00Z');
    try {
      expect(AuctionSchema.parse(await (await h.call('GET', `/v1/auctions/${id}`)).json()).status).toBe('closed');
    } finally { h.clock.set(NOW); }
    expect(AuctionSchema.parse(await (await h.call('GET', `/v1/auctions/${id}`)).json()).status).toBe('open');
  });

  it('lists auctions with an opaque cursor; a tampered cursor is a 400', async () => {
    for (let i = 0; i < 4; i++) await h.createAuction();
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const res = await h.call('GET', `/v1/auctions?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      const page = AuctionPageSchema.parse(await res.json());
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((a) => a.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.length).toBeGreaterThanOrEqual(6);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual(seen);
    const forged = Buffer.from(JSON.stringify({ k: { pk: 'KEY#x', sk: 'KEY', gsi1pk: 'BIDDER#x', gsi1sk: 'x' } })).toString('base64url');
    for (const c of [forged, 'not*base64', Buffer.from('[1]').toString('base64url')]) {
      const res = await h.call('GET', `/v1/auctions?cursor=${encodeURIComponent(c)}`);
      expect(res.status).toBe(400);
      expect(ProblemSchema.parse(await res.json()).errors?.[0]?.path).toBe('cursor');
    }
  });

  it('filters by zone, status and delivery window across pages; bad filters are 400 with the field', async () => {
    const zone = `PK-F${Date.now() % 100000}`;
    const made = [];
    for (let day = 1; day <= 5; day++) {
      made.push(await h.createAuction({ zone, deliveryStart: `2026-12-0${day}T00:00:00Z`, intervalMinutes: 60, intervalCount: 24, gateClosure: `2026-12-0${day}T00:00:00Z` }));
    }
    await h.createAuction({ zone: `${zone}-OTHER` });
    const all = async (query: string) => {
      const ids: string[] = [];
      let cursor: string | undefined;
      do {
        const page = AuctionPageSchema.parse(await (await h.call('GET', `/v1/auctions?limit=2&${query}${cursor ? `&cursor=${cursor}` : ''}`)).json());
        expect(page.items.length).toBeLessThanOrEqual(2);
        ids.push(...page.items.map((a) => a.id));
        cursor = page.nextCursor;
      } while (cursor);
      return ids;
    };
    const ids = made.map((a) => a.id);
    expect(await all(`zone=${zone}`)).toEqual(ids);
    // Delivery Dec 2 and Dec 3 intersect [Dec 2 12:00, Dec 4 00:00); Dec 4 starts at `to` (excluded).
    expect(await all(`zone=${zone}&from=2026-12-02T12:00:00Z&to=2026-12-04T00:00:00Z`)).toEqual(ids.slice(1, 3));
    expect(await all(`zone=${zone}&status=open`)).toEqual(ids);
    expect(await all(`zone=${zone}&status=cleared`)).toEqual([]);
    h.clock.set('2026-12-03T00:00:00Z');
    try {
      // Shown status: the gates of Dec 1–3 have closed by the clock.
      expect(await all(`zone=${zone}&status=closed`)).toEqual(ids.slice(0, 3));
    } finally { h.clock.set(NOW); }
    for (const [query, path] of [['status=nope', 'status'], ['from=yesterday', 'from'], ['to=3000-01-01T00:00:00Z', 'to'], ['from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z', 'to'], ['zone=', 'zone'], ['color=red', 'color']] as const) {
      const res = await h.call('GET', `/v1/auctions?${query}`);
      expect(res.status, query).toBe(400);
      expect(ProblemSchema.parse(await res.json()).errors?.map((e) => e.path), query).toContain(path);
    }
  });

  it('timeZone: an IANA name is kept and shown; anything else is a 400 on timeZone', async () => {
    const made = await h.createAuction({ timeZone: 'Asia/Karachi' });
    expect(AuctionSchema.parse(await (await h.call('GET', `/v1/auctions/${made.id}`)).json()).timeZone).toBe('Asia/Karachi');
    expect(AuctionSchema.parse(await (await h.call('GET', `/v1/auctions/${(await h.createAuction()).id}`)).json()).timeZone).toBeUndefined();
    for (const timeZone of ['Mars/Olympus', 'PKT+5', '', '../etc', 5]) {
      const res = await h.call('POST', '/v1/auctions', { json: { zone: 'Z', deliveryStart: DELIVERY, intervalMinutes: 15, intervalCount: 4, gateClosure: '2026-11-30T23:00:00Z', timeZone } });
      expect(res.status, String(timeZone)).toBe(400);
      expect(ProblemSchema.parse(await res.json()).errors?.[0]?.path).toBe('timeZone');
    }
  });

  it('404 for an unknown auction', async () => {
    expect((await h.call('GET', '/v1/auctions/auc_nope')).status).toBe(404);
  });
});

describe('forecasts', () => {
  let h: Harness;
  beforeAll(async () => { h = await createHarness(); });
  afterAll(async () => { await h.drop(); });

  it('PUT JSON stores version 1, then 2; every version is kept and GET returns the latest', async () => {
    const { id } = await h.createAuction({ intervalCount: 4 });
    const v1 = await h.call('PUT', `/v1/auctions/${id}/forecast`, { json: forecast(4, 2000, 30) });
    expect(v1.status).toBe(200);
    expect(ForecastSchema.parse(await v1.json())).toMatchObject({ auctionId: id, version: 1 });
    const v2 = await h.call('PUT', `/v1/auctions/${id}/forecast`, { json: forecast(4, 1500, 31) });
    expect(ForecastSchema.parse(await v2.json()).version).toBe(2);
    const latest = ForecastSchema.parse(await (await h.call('GET', `/v1/auctions/${id}/forecast`)).json());
    expect(latest.version).toBe(2);
    expect(latest.intervals[0]).toEqual({ surplusMw: 1500, reservePrice: 31 });
    const versions = (await h.scan()).filter((item) => item.pk === `AUCTION#${id}` && String(item.sk).startsWith('FORECAST#'));
    expect(versions.map((v) => v.sk)).toEqual(['FORECAST#000001', 'FORECAST#000002']);
    expect(AuctionSchema.parse(await (await h.call('GET', `/v1/auctions/${id}`)).json()).forecastVersion).toBe(2);
  });

  it('history: ?version=N returns that version, /forecast/versions lists them; bad or unknown versions are refused', async () => {
    const { id } = await h.createAuction({ intervalCount: 4 });
    expect((await h.call('GET', `/v1/auctions/${id}/forecast/versions`)).status).toBe(200);
    expect(ForecastVersionsSchema.parse(await (await h.call('GET', `/v1/auctions/${id}/forecast/versions`)).json()).items).toEqual([]);
    await h.call('PUT', `/v1/auctions/${id}/forecast`, { json: forecast(4, 2000, 30) });
    await h.call('PUT', `/v1/auctions/${id}/forecast`, { json: forecast(4, 1500, 31) });
    const first = ForecastSchema.parse(await (await h.call('GET', `/v1/auctions/${id}/forecast?version=1`)).json());
    expect(first).toMatchObject({ version: 1, intervals: [{ surplusMw: 2000, reservePrice: 30 }, {}, {}, {}] });
    expect(ForecastSchema.parse(await (await h.call('GET', `/v1/auctions/${id}/forecast?version=2`)).json()).version).toBe(2);
    const versions = ForecastVersionsSchema.parse(await (await h.call('GET', `/v1/auctions/${id}/forecast/versions`)).json());
    expect(versions.latest).toBe(2);
    // 4 intervals of 15 min (the harness default) at 2,000 MW = 2,000 MWh; gate still open.
    expect(versions.items.map((v) => [v.version, v.intervalCount, v.surplusMwh, v.usedForClearing])).toEqual([[1, 4, 2000, false], [2, 4, 1500, false]]);
    expect((await h.call('GET', `/v1/auctions/${id}/forecast?version=3`)).status).toBe(404);
    for (const bad of ['0', 'x', '1.5', '-1', '0x1', '']) {
      const res = await h.call('GET', `/v1/auctions/${id}/forecast?version=${bad}`);
      expect(res.status, bad).toBe(400);
      expect(ProblemSchema.parse(await res.json()).errors?.[0]?.path).toBe('version');
    }
    expect((await h.call('GET', '/v1/auctions/auc_nope/forecast/versions')).status).toBe(404);
  });

  it('PUT text/csv (interval,surplus_mw,reserve_price) is the same forecast', async () => {
    const { id } = await h.createAuction({ intervalCount: 3 });
    const csv = 'interval,surplus_mw,reserve_price\r\n0,2000,30\r\n1,1800.5,30\r\n2,0,45\r\n';
    const res = await h.call('PUT', `/v1/auctions/${id}/forecast`, { body: csv, headers: { 'content-type': 'text/csv; charset=utf-8' } });
    expect(res.status).toBe(200);
    expect(ForecastSchema.parse(await res.json()).intervals).toEqual([
      { surplusMw: 2000, reservePrice: 30 }, { surplusMw: 1800.5, reservePrice: 30 }, { surplusMw: 0, reservePrice: 45 },
    ]);
  });

  it('rejects wrong counts, negatives, non-numbers and bad CSV with paths; stores nothing', async () => {
    const { id } = await h.createAuction({ intervalCount: 3 });
    const before = (await h.scan()).length;
    const cases: [Record<string, unknown>, number, string][] = [
      [{ json: forecast(2) }, 422, 'intervals'],
      [{ json: { intervals: [{ surplusMw: -1, reservePrice: 3 }, { surplusMw: 1, reservePrice: 3 }, { surplusMw: 1, reservePrice: 3 }] } }, 400, 'intervals[0].surplusMw'],
      [{ body: 'interval,surplus_mw,reserve_price\n0,1,1\n1,abc,1\n2,1,1\n', headers: { 'content-type': 'text/csv' } }, 400, 'intervals[1].surplusMw'],
      [{ body: 'interval,surplus_mw,reserve_price\n0,1,1\n1,1,-4\n2,1,1\n', headers: { 'content-type': 'text/csv' } }, 400, 'intervals[1].reservePrice'],
      [{ body: 'interval,surplus_mw,reserve_price\n0,1,1\n2,1,1\n1,1,1\n', headers: { 'content-type': 'text/csv' } }, 400, 'intervals[1].interval'],
      [{ body: 'interval,surplus_mw,reserve_price\n0,1,1\n1,Infinity,1\n2,1,1\n', headers: { 'content-type': 'text/csv' } }, 400, 'intervals[1].surplusMw'],
      [{ body: 'hour,mw,price\n0,1,1\n', headers: { 'content-type': 'text/csv' } }, 400, 'line 1'],
      [{ body: 'interval,surplus_mw,reserve_price\n0,1,1\n1,1\n2,1,1\n', headers: { 'content-type': 'text/csv' } }, 400, 'line 3'],
      [{ body: 'interval,surplus_mw,reserve_price\n0,1,1\n1,1,1\n', headers: { 'content-type': 'text/csv' } }, 422, 'intervals'],
    ];
    for (const [options, status, path] of cases) {
      const res = await h.call('PUT', `/v1/auctions/${id}/forecast`, options);
      expect(res.status, JSON.stringify(options)).toBe(status);
      expect(ProblemSchema.parse(await res.json()).errors?.map((e) => e.path)).toContain(path);
    }
    const xml = await h.call('PUT', `/v1/auctions/${id}/forecast`, { body: '<x/>', headers: { 'content-type': 'application/xml' } });
    expect(xml.status).toBe(415);
    expect((await h.scan()).length).toBe(before);
  });

  it('409 after gate closure (a revision then is a curtailment), 404 for an unknown auction', async () => {
    const { id } = await h.createAuction({ intervalCount: 2, gateClosure: '2026-11-30T12:30:00Z' });
    h.clock.set('2026-11-30T12:30:00Z');
    try {
      const res = await h.call('PUT', `/v1/auctions/${id}/forecast`, { json: forecast(2) });
      expect(res.status).toBe(409);
    } finally { h.clock.set(NOW); }
    expect((await h.call('PUT', '/v1/auctions/auc_none/forecast', { json: forecast(2) })).status).toBe(404);
    expect((await h.call('GET', `/v1/auctions/${id}/forecast`)).status).toBe(404);
  });

  it('an upload retried with its Idempotency-Key makes one version', async () => {
    const { id } = await h.createAuction({ intervalCount: 2 });
    const csv = 'interval,surplus_mw,reserve_price\n0,5,1\n1,5,1\n';
    const send = () => h.call('PUT', `/v1/auctions/${id}/forecast`, { body: csv, headers: { 'content-type': 'text/csv', 'idempotency-key': 'upload-1' } });
    const first = await send();
    const again = await send();
    expect(await again.text()).toBe(await first.text());
    expect(ForecastSchema.parse(await (await h.call('GET', `/v1/auctions/${id}/forecast`)).json()).version).toBe(1);
  });

  it('concurrent uploads get distinct consecutive versions (optimistic pointer)', async () => {
    const { id } = await h.createAuction({ intervalCount: 2 });
    const results = await Promise.all(Array.from({ length: 4 }, (_, i) => h.call('PUT', `/v1/auctions/${id}/forecast`, { json: forecast(2, 100 + i) })));
    const ok = results.filter((r) => r.status === 200);
    const versions = (await Promise.all(ok.map((r) => r.json() as Promise<{ version: number }>))).map((f) => f.version).sort();
    expect(versions).toEqual(Array.from({ length: ok.length }, (_, i) => i + 1));
    expect(results.every((r) => r.status === 200 || r.status === 409)).toBe(true);
  });
});
