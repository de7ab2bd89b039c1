// GET …/settlement in pages (?limit=, ?cursor=) on DynamoDB Local: the pages of every view
// (operator, one bidder, the operator's ?bidder=) are consistent and complete — their lines,
// concatenated, are the lines of the whole settlement, each split statement carries its full
// totals, and the cents of all pages sum exactly to the total; CSV pages likewise; forged or
// foreign cursors and bad limits are 400, a cursor from before a curtailment is 409; gzip on request.
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSettlementCsv } from '../../support/settlement-csv-reader';
import { SettlementPageSchema, type Settlement } from '../../../schemas/lifecycle';
import { createLifecycleHarness, GATE, NOW, type LifecycleHarness, type Market } from './harness';

let h: LifecycleHarness;
let m: Market;
let whole: Settlement;
beforeAll(async () => {
  h = await createLifecycleHarness();
  h.clock.set(NOW);
  m = await h.setupAuction();
  h.clock.set(new Date(Date.parse(GATE) + 1_000));
  await h.tick();
  expect((await h.call('POST', `/v1/auctions/${m.auctionId}/curtailments`, { json: { intervals: [{ index: 1, surplusMw: 120 }] } })).status).toBe(200);
  whole = SettlementPageSchema.parse(await (await h.call('GET', `/v1/auctions/${m.auctionId}/settlement`)).json());
});
afterAll(async () => { await h.drop(); });

const path = (query: string) => `/v1/auctions/${m.auctionId}/settlement${query}`;

async function allPages(query: string, key?: string): Promise<Settlement[]> {
  const pages: Settlement[] = [];
  let cursor: string | undefined;
  do {
    const res = await h.call('GET', path(`${query}${cursor ? `&cursor=${cursor}` : ''}`), key ? { key } : {});
    expect(res.status).toBe(200);
    const page = SettlementPageSchema.parse(await res.json());
    pages.push(page);
    cursor = page.nextCursor;
  } while (cursor && pages.length < 1000);
  return pages;
}

/** The pages, glued: statements merged by bidder (lines concatenated), header of the first. */
function glue(pages: Settlement[]): Settlement {
  const statements: Settlement['statements'] = [];
  for (const page of pages) {
    for (const st of page.statements) {
      const last = statements[statements.length - 1];
      if (last?.bidderId === st.bidderId) {
        expect(st.totals).toEqual(last.totals);
        last.lines.push(...st.lines);
      } else statements.push({ ...st, lines: [...st.lines] });
    }
  }
  const { nextCursor: _n, ...first } = pages[0] as Settlement & { nextCursor?: string };
  return { ...first, statements };
}

describe('settlement pages', () => {
  it('a small auction is one page: no cursor, the whole settlement', () => {
    expect(whole).not.toHaveProperty('nextCursor');
    expect(whole.statements.flatMap((s) => s.lines).length).toBeGreaterThan(3);
  });

  it('operator pages of 2 lines: complete, consistent, and the cents sum exactly to the total', async () => {
    const pages = await allPages('?limit=2');
    const lineCount = whole.statements.flatMap((s) => s.lines).length;
    expect(pages).toHaveLength(Math.ceil(lineCount / 2));
    for (const p of pages) {
      expect(p.statements.flatMap((s) => s.lines).length).toBeLessThanOrEqual(2);
      expect(p.totals).toEqual(whole.totals);
      expect(p.dispatchVersion).toBe(1);
    }
    expect(glue(pages)).toEqual(whole);
    const cents = pages.flatMap((p) => p.statements.flatMap((s) => s.lines)).reduce((c, l) => c + Math.round(l.charge * 100), 0);
    expect(cents).toBe(Math.round(whole.totals!.revenue * 100));
    for (const st of glue(pages).statements) {
      expect(st.lines.reduce((c, l) => c + Math.round(l.charge * 100), 0)).toBe(Math.round(st.totals.charge * 100));
    }
  });

  it('a bidder pages its own statement; the operator pages one bidder with ?bidder=', async () => {
    const own = whole.statements.find((s) => s.bidderId === 'miner-1')!;
    const mine = await allPages('?limit=1', m.keys['miner-1']);
    expect(mine).toHaveLength(own.lines.length);
    expect(mine.every((p) => p.totals === undefined)).toBe(true);
    expect(glue(mine).statements).toEqual([own]);
    expect(glue(await allPages('?bidder=miner-1&limit=1')).statements).toEqual([own]);
  });

  it('CSV pages: a header on each, X-Next-Cursor and Link rel=next, rows = the JSON lines', async () => {
    const rows = [];
    let next: string | null = path('?limit=3');
    let pages = 0;
    while (next && pages < 1000) {
      const res = await h.call('GET', next, { headers: { accept: 'text/csv' } });
      expect(res.status).toBe(200);
      rows.push(...parseSettlementCsv(await res.text()));
      const link = res.headers.get('link');
      expect(link === null).toBe(res.headers.get('x-next-cursor') === null);
      next = link ? /^<([^>]+)>; rel="next"$/.exec(link)![1]! : null;
      pages++;
    }
    expect(pages).toBeGreaterThan(1);
    expect(rows.map((r) => r.line)).toEqual(whole.statements.flatMap((s) => s.lines));
  });

  it('forged, foreign or past-the-end cursors and bad limits are 400; a cursor from before a curtailment is 409', async () => {
    const first = SettlementPageSchema.parse(await (await h.call('GET', path('?limit=2'))).json());
    const cursor = first.nextCursor!;
    const decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as Record<string, unknown>;
    const forge = (x: unknown) => Buffer.from(JSON.stringify(x)).toString('base64url');
    const forged = [
      'not a cursor', '!!!!', forge({}), forge({ ...decoded, o: -1 }), forge({ ...decoded, o: 0 }), forge({ ...decoded, o: 1e6 }),
      forge({ ...decoded, o: 1.5 }), forge({ ...decoded, w: 'op:other' }), forge({ ...decoded, extra: 1 }), forge({ s: 0, k: { pk: 'AUCTION#x' } }),
    ];
    for (const bad of forged) {
      const res = await h.call('GET', path(`?cursor=${encodeURIComponent(bad)}`));
      expect(res.status, bad).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
    }
    // The operator's cursor is not a bidder's, nor one for another ?bidder= view.
    expect((await h.call('GET', path(`?cursor=${cursor}`), { key: m.keys['miner-1'] })).status).toBe(400);
    expect((await h.call('GET', path(`?bidder=miner-1&cursor=${cursor}`))).status).toBe(400);
    for (const limit of ['0', '10001', '1e1', '0x10', '-1', ' 5', '']) expect((await h.call('GET', path(`?limit=${encodeURIComponent(limit)}`))).status, limit).toBe(400);

    expect((await h.call('POST', `/v1/auctions/${m.auctionId}/curtailments`, { json: { intervals: [{ index: 2, surplusMw: 60 }] } })).status).toBe(200);
    const stale = await h.call('GET', path(`?limit=2&cursor=${cursor}`));
    expect(stale.status).toBe(409);
    expect(await stale.json()).toMatchObject({ errors: [{ path: 'cursor' }] });
    whole = SettlementPageSchema.parse(await (await h.call('GET', path(''))).json());
    expect(whole.dispatchVersion).toBe(2);
    expect(glue(await allPages('?limit=4'))).toEqual(whole);
  });

  it('gzip when the client accepts it: the same bytes, compressed', async () => {
    const plain = await (await h.call('GET', path(''))).text();
    const res = await h.call('GET', path(''), { headers: { 'accept-encoding': 'gzip, deflate' } });
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(res.headers.get('vary')).toContain('accept-encoding');
    const zipped = Buffer.from(await res.arrayBuffer());
    expect(zipped.length).toBeLessThan(Buffer.byteLength(plain));
    expect(gunzipSync(zipped).toString('utf8')).toBe(plain);
    expect((await h.call('GET', path(''), { headers: { 'accept-encoding': 'gzip;q=0, identity' } })).headers.get('content-encoding')).toBeNull();
  });
});
