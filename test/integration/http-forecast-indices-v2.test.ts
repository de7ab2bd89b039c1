// Market design v2 on the operator's side, through the real app on DynamoDB Local (issue #10):
// forecast firmMw as JSON and as the CSV column firm_mw (≤ surplusMw, with field paths), GET
// forecast and versions returning it; PUT …/indices moving updatedAt, refusing an asOf more than
// a day ahead (422 at hashprice.asOf) and wording tiny values without "0 or".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, NOW, type Harness } from './support/api';
import { ForecastSchema, ForecastVersionsSchema } from '../../schemas/api/forecasts';
import { AuctionSchema } from '../../schemas/api/auctions';
import { ProblemSchema } from '../../schemas/api/common';

const N = 96;

describe('forecast firmMw', () => {
  let h: Harness;
  let auctionId: string;
  beforeAll(async () => { h = await createHarness(); auctionId = (await h.createAuction()).id; });
  afterAll(async () => { await h.drop(); });

  const put = (init: { json?: unknown; body?: string; headers?: Record<string, string> }) => h.call('PUT', `/v1/auctions/${auctionId}/forecast`, init);
  const csvPut = (text: string) => put({ body: text, headers: { 'content-type': 'text/csv' } });
  const rows = (cell: (i: number) => string) => Array.from({ length: N }, (_, i) => cell(i)).join('\n');

  it('JSON: firmMw is stored per interval, returned by GET forecast, and summed in the versions', async () => {
    const intervals = Array.from({ length: N }, (_, i) => ({ surplusMw: 2000, reservePrice: 30, ...(i < 48 ? { firmMw: 1500 } : {}) }));
    const res = await put({ json: { intervals } });
    expect(res.status).toBe(200);
    const stored = ForecastSchema.parse(await res.json());
    expect(stored.intervals.slice(47, 49)).toEqual([{ surplusMw: 2000, reservePrice: 30, firmMw: 1500 }, { surplusMw: 2000, reservePrice: 30 }]);
    const got = ForecastSchema.parse(await (await h.call('GET', `/v1/auctions/${auctionId}/forecast?version=${stored.version}`)).json());
    expect(got).toEqual(stored);
    const versions = ForecastVersionsSchema.parse(await (await h.call('GET', `/v1/auctions/${auctionId}/forecast/versions`)).json());
    expect(versions.items.at(-1)).toMatchObject({ version: stored.version, surplusMwh: 48_000, firmMwh: (1500 * 48 + 2000 * 48) * 0.25 });
  });

  it('firmMw above surplusMw: 400 at intervals[N].firmMw (JSON and CSV), nothing stored', async () => {
    const before = (await h.scan()).length;
    const intervals = Array.from({ length: N }, (_, i) => ({ surplusMw: 100, reservePrice: 30, firmMw: i === 3 || i === 90 ? 100.5 : 100 }));
    const res = await put({ json: { intervals } });
    expect(res.status).toBe(400);
    expect(ProblemSchema.parse(await res.json()).errors?.map((e) => e.path)).toEqual(['intervals[3].firmMw', 'intervals[90].firmMw']);
    const csv = await csvPut(`interval,surplus_mw,reserve_price,firm_mw\n${rows((i) => `${i},100,30,${i === 5 ? 101 : 50}`)}`);
    expect(csv.status).toBe(400);
    expect(ProblemSchema.parse(await csv.json()).errors?.map((e) => e.path)).toEqual(['intervals[5].firmMw']);
    const negative = await csvPut(`interval,surplus_mw,reserve_price,firm_mw\n${rows((i) => `${i},100,30,${i === 2 ? -1 : 50}`)}`);
    expect(ProblemSchema.parse(await negative.json()).errors?.map((e) => e.path)).toEqual(['intervals[2].firmMw']);
    expect((await h.scan()).length).toBe(before);
  });

  it('CSV: firm_mw is an optional column, in any position; an empty cell means no firm level', async () => {
    const res = await csvPut(`firm_mw,interval,surplus_mw,reserve_price\n${rows((i) => `${i === 0 ? '' : 900},${i},1000,31`)}`);
    expect(res.status).toBe(200);
    const stored = ForecastSchema.parse(await res.json());
    expect(stored.intervals.slice(0, 2)).toEqual([{ surplusMw: 1000, reservePrice: 31 }, { surplusMw: 1000, reservePrice: 31, firmMw: 900 }]);
    // Without the column, a version has no firmMw at all (and no firmMwh in the listing).
    const plain = ForecastSchema.parse(await (await csvPut(`interval,surplus_mw,reserve_price\n${rows((i) => `${i},1000,31`)}`)).json());
    expect(plain.intervals.every((i) => !('firmMw' in i))).toBe(true);
    const versions = ForecastVersionsSchema.parse(await (await h.call('GET', `/v1/auctions/${auctionId}/forecast/versions`)).json());
    expect('firmMwh' in versions.items.at(-1)!).toBe(false);
    for (const header of ['interval,surplus_mw,reserve_price,firm', 'interval,surplus_mw,firm_mw', 'interval,surplus_mw,reserve_price,firm_mw,firm_mw']) {
      const bad = await csvPut(`${header}\n${rows((i) => `${i},1,1,1`)}`);
      expect(bad.status).toBe(400);
      expect(ProblemSchema.parse(await bad.json()).errors?.map((e) => e.path)).toEqual(['line 1']);
    }
  });
});

describe('PUT …/indices', () => {
  let h: Harness;
  let auctionId: string;
  beforeAll(async () => { h = await createHarness(); auctionId = (await h.createAuction()).id; });
  afterAll(async () => { await h.drop(); });
  const put = (json: unknown) => h.call('PUT', `/v1/auctions/${auctionId}/indices`, { json });
  const value = (v: number, asOf = '2026-11-30T11:00:00Z') => ({ hashprice: { value: v, asOf, source: 'feed' } });

  it('moves the auction\'s updatedAt (in the answer and in GET)', async () => {
    const created = AuctionSchema.parse(await (await h.call('GET', `/v1/auctions/${auctionId}`)).json());
    expect(created.updatedAt).toBe(NOW);
    h.clock.set('2026-11-30T12:30:00.000Z');
    try {
      const res = await put(value(50));
      expect(res.status).toBe(200);
      expect(AuctionSchema.parse(await res.json()).updatedAt).toBe('2026-11-30T12:30:00.000Z');
      const read = AuctionSchema.parse(await (await h.call('GET', `/v1/auctions/${auctionId}`)).json());
      expect(read).toMatchObject({ updatedAt: '2026-11-30T12:30:00.000Z', indices: value(50) });
    } finally { h.clock.set(NOW); }
  });

  it('an asOf more than a day after now: 422 at hashprice.asOf; a day of skew is fine', async () => {
    const far = await put(value(51, '2026-12-01T12:00:01Z'));
    expect(far.status).toBe(422);
    const problem = ProblemSchema.parse(await far.json());
    expect(problem.errors?.map((e) => e.path)).toEqual(['hashprice.asOf']);
    expect((await put(value(52, '2026-12-01T12:00:00Z'))).status).toBe(200);
    expect(AuctionSchema.parse(await (await h.call('GET', `/v1/auctions/${auctionId}`)).json()).indices).toEqual(value(52, '2026-12-01T12:00:00Z'));
  });

  it('0, negative and tiny values: 400 at hashprice.value, never "must be 0 or …" (0 is refused)', async () => {
    for (const v of [0, -1, 1e-200, 1e-10]) {
      const res = await put(value(v));
      expect(res.status).toBe(400);
      const errors = ProblemSchema.parse(await res.json()).errors ?? [];
      expect(errors.map((e) => e.path)).toEqual(['hashprice.value']);
      expect(errors[0]!.message).not.toMatch(/0 or/);
      expect(errors[0]!.message).toMatch(/at least 1e-9/);
    }
    expect((await put(value(1e-9))).status).toBe(200);
  });
});

describe('the OpenAPI document names the v2 fields', () => {
  let h: Harness;
  beforeAll(async () => { h = await createHarness(); });
  afterAll(async () => { await h.drop(); });

  it('firmMw on intervals, the v2 block fields, nullable merge-patch fields, firm figures in price rows', async () => {
    const doc = await (await h.call('GET', '/openapi.json', { key: null })).json() as { components: { schemas: Record<string, { properties?: Record<string, unknown> }> } };
    const props = (name: string) => Object.keys(doc.components.schemas[name]?.properties ?? {});
    expect(props('Interval')).toContain('firmMw');
    expect(props('BlockBidInput')).toEqual(expect.arrayContaining(['profile', 'firmness', 'exclusiveGroup', 'parentId']));
    expect(props('CurveBidInput')).toContain('firmness');
    expect(JSON.stringify(doc.components.schemas.BidPatch?.properties?.parentId)).toContain('null');
    expect(props('PriceRow')).toEqual(expect.arrayContaining(['firmPrice', 'firmMw', 'atRiskMw']));
  });
});
