// Forged result-CSV cursors through the real app on DynamoDB Local (red-team finding: a cursor
// naming a row past its bid's rows was taken, and the page silently started at the next bid).
// A cursor must name a row that exists in the caller's view: otherwise a 400 problem, path `cursor`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLifecycleHarness, GATE, NOW, type LifecycleHarness, type Market } from './harness';

let h: LifecycleHarness;
let m: Market;
const CSV = { accept: 'text/csv' };
const path = (query = '') => `/v1/auctions/${m.auctionId}/result${query}`;
const forge = (x: unknown) => Buffer.from(JSON.stringify(x), 'utf8').toString('base64url');
const rowsOf = (csv: string) => csv.trim().split('\r\n').slice(1).map((l) => l.split(','));

beforeAll(async () => {
  h = await createLifecycleHarness();
  h.clock.set(NOW);
  m = await h.setupAuction();
  h.clock.set(new Date(Date.parse(GATE) + 1_000));
  await h.tick();
});
afterAll(async () => { await h.drop(); });

describe('result CSV cursor', () => {
  it('a row past its bid\'s rows or a bid past the view is a 400 problem (path cursor); rows that exist page on', async () => {
    const whole = rowsOf(await (await h.call('GET', path(), { headers: CSV })).text());
    const perBid: number[] = [];
    let last = '';
    for (const row of whole) {
      if (row[2] !== last) perBid.push(0);
      perBid[perBid.length - 1]!++;
      last = row[2]!;
    }
    expect(perBid.length).toBe(3);
    const first = await h.call('GET', path('?limit=1'), { headers: CSV });
    const real = JSON.parse(Buffer.from(first.headers.get('x-next-cursor')!, 'base64url').toString()) as { s: string; b: number; r: number; w: string };
    expect(real).toMatchObject({ b: 0, r: 1, w: 'op' });

    const refused = [
      { ...real, r: perBid[0] }, { ...real, r: perBid[0]! + 1 }, { ...real, r: 1e6 },
      { ...real, b: 1, r: perBid[1] }, { ...real, b: perBid.length, r: 0 }, { ...real, b: perBid.length - 1, r: perBid[perBid.length - 1] },
    ];
    for (const c of refused) {
      const res = await h.call('GET', path(`?cursor=${forge(c)}`), { headers: CSV });
      expect(res.status, JSON.stringify(c)).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(await res.json()).toMatchObject({ errors: [{ path: 'cursor' }] });
    }
    // The last row of a bid and the first of the next are rows that exist: served, in order.
    const lastOfFirst = await h.call('GET', path(`?limit=1&cursor=${forge({ ...real, r: perBid[0]! - 1 })}`), { headers: CSV });
    expect(lastOfFirst.status).toBe(200);
    expect(rowsOf(await lastOfFirst.text())).toEqual([whole[perBid[0]! - 1]]);
    const nextBid = await h.call('GET', path(`?cursor=${forge({ ...real, b: 1, r: 0 })}`), { headers: CSV });
    expect(rowsOf(await nextBid.text())).toEqual(whole.slice(perBid[0]));
  });

  it('a bidder\'s view: its own rows only bound the cursor', async () => {
    const key = m.keys['miner-1'];
    const own = rowsOf(await (await h.call('GET', path(), { headers: CSV, key })).text());
    const first = await h.call('GET', path('?limit=1'), { headers: CSV, key });
    const real = JSON.parse(Buffer.from(first.headers.get('x-next-cursor')!, 'base64url').toString()) as Record<string, unknown>;
    expect((await h.call('GET', path(`?cursor=${forge({ ...real, r: own.length })}`), { headers: CSV, key })).status).toBe(400);
    expect((await h.call('GET', path(`?cursor=${forge({ ...real, b: 1, r: 0 })}`), { headers: CSV, key })).status).toBe(400);
    const tail = await h.call('GET', path(`?cursor=${forge({ ...real, r: own.length - 1 })}`), { headers: CSV, key });
    expect(rowsOf(await tail.text())).toEqual(own.slice(-1));
  });
});
