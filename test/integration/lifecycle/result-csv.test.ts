// GET …/result with Accept: text/csv on DynamoDB Local through the real app (issue 11 "Files"):
// one row per bid and interval with the UTC and local start, MW, MWh, price and an amount in
// whole cents (before a curtailment: the settlement's charge, line for line); the operator's rows are every bid's, a bidder's its own; pages (limit, cursor,
// X-Next-Cursor, Link) glue back to the whole file; gzip on request; bad input is a 4xx.
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResultSchema, type ClearingResult } from '../../../schemas/result';
import { BookSchema, type Book } from '../../../schemas/book';
import { SettlementSchema } from '../../../schemas/lifecycle';
import { createLifecycleHarness, GATE, NOW, type LifecycleHarness, type Market } from './harness';
import { blockMwAt } from '../../../schemas/block-shape';

let h: LifecycleHarness;
let m: Market;
let payAsBid: Market;
let result: ClearingResult;
let book: Book;

const CSV = { accept: 'text/csv' };
const path = (id: string, query = '') => `/v1/auctions/${id}/result${query}`;

beforeAll(async () => {
  h = await createLifecycleHarness();
  h.clock.set(NOW);
  m = await h.setupAuction({ timeZone: 'Asia/Karachi' });
  expect((await h.call('GET', path(m.auctionId), { headers: CSV })).status).toBe(409);
  payAsBid = await h.setupAuction({ pricing: 'pay-as-bid', zone: 'PK-SOUTH' });
  h.clock.set(new Date(Date.parse(GATE) + 1_000));
  await h.tick();
  result = ResultSchema.parse(await (await h.call('GET', path(m.auctionId))).json());
  book = BookSchema.parse(await (await h.call('GET', `/v1/auctions/${m.auctionId}/book`)).json());
});
afterAll(async () => { await h.drop(); });

type Row = Record<string, string>;
function parse(csv: string): { header: string[]; rows: Row[] } {
  expect(csv.endsWith('\r\n')).toBe(true);
  const [head, ...lines] = csv.slice(0, -2).split('\r\n');
  const header = head!.split(',');
  return { header, rows: lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [header[i]!, v]))) };
}
const cents = (amount: string) => {
  expect(amount).toMatch(/^-?\d+\.\d{2}$/);
  return Number(amount.replace('.', ''));
};

async function csvOf(id: string, query = '', key?: string): Promise<{ res: Response; rows: Row[]; header: string[] }> {
  const res = await h.call('GET', path(id, query), { headers: CSV, ...(key ? { key } : {}) });
  expect(res.status).toBe(200);
  return { res, ...parse(await res.text()) };
}

describe('result CSV', () => {
  it('operator: one row per bid and interval of its window, in UTC and Karachi time, amounts in whole cents', async () => {
    const { res, rows, header } = await csvOf(m.auctionId);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('link')).toBeNull();
    expect(header).toEqual(['auction_id', 'bidder_id', 'bid_id', 'class', 'type', 'interval', 'interval_start', 'interval_start_local', 'step', 'accepted', 'mw', 'mwh', 'price', 'amount', 'currency']);
    const block = result.bids.find((b) => b.id === m.bids['tenant-1'])!;
    // Two curves over 8 intervals, and the block's placement (accepted) or its whole window (rejected).
    expect(rows).toHaveLength(16 + (block.accepted ? 4 : 8));
    expect([...new Set(rows.map((r) => r.bidder_id))]).toEqual(['miner-1', 'miner-2', 'tenant-1']);
    const first = rows.find((r) => r.bidder_id === 'miner-1' && r.interval === '0')!;
    expect(first).toMatchObject({ interval_start: '2026-12-01T00:00:00Z', interval_start_local: '2026-12-01 05:00 GMT+5', currency: 'USD', step: '', type: 'curve' });
    let total = 0;
    for (const r of rows) {
      const t = Number(r.interval);
      const entry = result.bids.find((b) => b.id === r.bid_id)!;
      const bid = book.bids.find((b) => b.id === r.bid_id)!;
      const mw = bid.type === 'curve' ? ('mw' in entry && entry.accepted ? entry.mw[t - bid.from]! : 0) : (entry.accepted && 'ratio' in entry ? blockMwAt(bid, t - entry.start!) * entry.ratio : 0);
      expect(Number(r.mw)).toBeCloseTo(mw, 6);
      expect(Number(r.mwh)).toBeCloseTo(mw * 0.25, 6);
      expect(Number(r.price)).toBe(result.intervals[t]!.price);
      expect(Math.abs(cents(r.amount!) - mw * 0.25 * result.intervals[t]!.price * 100)).toBeLessThanOrEqual(1);
      total += cents(r.amount!);
    }
    expect(total).toBeGreaterThan(0);
    // Before any curtailment the amounts are the settlement's charges, line for line, and sum
    // exactly to its revenue.
    const settlement = SettlementSchema.parse(await (await h.call('GET', `/v1/auctions/${m.auctionId}/settlement`)).json());
    const lines = settlement.statements.flatMap((st) => st.lines);
    const withMw = rows.filter((r) => Number(r.mw) > 0);
    expect(withMw.map((r) => [r.bid_id, Number(r.interval), Number(r.mwh), cents(r.amount!)]))
      .toEqual(lines.map((l) => [l.bidId, l.interval, l.deliveredMwh, Math.round(l.charge * 100)]));
    expect(total).toBe(Math.round(settlement.totals!.revenue * 100));
  });

  it('a bidder gets its own rows only', async () => {
    const { rows } = await csvOf(m.auctionId, '', m.keys['miner-1']);
    expect(rows).toHaveLength(8);
    expect(new Set(rows.map((r) => r.bid_id))).toEqual(new Set([m.bids['miner-1']]));
    const operator = (await csvOf(m.auctionId)).rows.filter((r) => r.bidder_id === 'miner-1');
    expect(rows).toEqual(operator);
  });

  it('pages (limit, X-Next-Cursor, Link: rel="next") glue back to the whole file; gzip on request', async () => {
    const whole = (await csvOf(m.auctionId)).rows;
    const glued: Row[] = [];
    let next: string | null = path(m.auctionId, '?limit=3');
    let pages = 0;
    while (next && pages < 100) {
      const res = await h.call('GET', next, { headers: CSV });
      expect(res.status).toBe(200);
      const page = parse(await res.text()).rows;
      expect(page.length).toBeLessThanOrEqual(3);
      glued.push(...page);
      const link = res.headers.get('link');
      if (link) expect(link).toContain(`cursor=${res.headers.get('x-next-cursor')}`);
      next = link ? /^<([^>]+)>; rel="next"$/.exec(link)![1]! : null;
      pages++;
    }
    expect(pages).toBe(Math.ceil(whole.length / 3));
    expect(glued).toEqual(whole);
    const zipped = await h.call('GET', path(m.auctionId), { headers: { ...CSV, 'accept-encoding': 'gzip' } });
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(parse(gunzipSync(Buffer.from(await zipped.arrayBuffer())).toString('utf8')).rows).toEqual(whole);
  });

  it('pay-as-bid: a curve\'s interval is one row per filled step at the step\'s price', async () => {
    const { rows } = await csvOf(payAsBid.auctionId, '', payAsBid.keys['miner-1']);
    const r0 = rows.filter((r) => r.interval === '0');
    expect(r0.map((r) => r.step)).toContain('0');
    for (const r of r0) if (r.step !== '') expect(Number(r.price)).toBe([70, 45][Number(r.step)]);
    for (const r of rows) expect(Math.abs(cents(r.amount!) - Number(r.mw) * 0.25 * Number(r.price) * 100)).toBeLessThanOrEqual(1);
    // The same lines as the (uncurtailed) settlement, step by step.
    const own = SettlementSchema.parse(await (await h.call('GET', `/v1/auctions/${payAsBid.auctionId}/settlement`, { key: payAsBid.keys['miner-1'] })).json());
    expect(rows.filter((r) => Number(r.mw) > 0).map((r) => [Number(r.interval), r.step === '' ? null : Number(r.step), cents(r.amount!)]))
      .toEqual(own.statements[0]!.lines.map((l) => [l.interval, l.step, Math.round(l.charge * 100)]));
  });

  it('the dashboard links both CSV files and hands a bidder its own rows as an attachment', async () => {
    const origin = 'http://dash.test';
    const form = await h.app.request(`${origin}/dashboard/sign-in`);
    const csrf = /name="csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
    const signInCookie = form.headers.getSetCookie().find((c) => c.startsWith('sb_signin='))!.split(';')[0]!;
    const signedIn = await h.app.request(`${origin}/dashboard/sign-in`, {
      method: 'POST', body: new URLSearchParams({ csrf, key: m.keys['miner-1'] }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin, cookie: signInCookie },
    });
    const cookie = signedIn.headers.getSetCookie().find((c) => c.startsWith('sb_session='))!.split(';')[0]!;
    const page = await (await h.app.request(`${origin}/dashboard/auctions/${m.auctionId}`, { headers: { cookie } })).text();
    expect(page).toContain(`href="/dashboard/auctions/${m.auctionId}/result.csv"`);
    expect(page).toContain(`href="/dashboard/auctions/${m.auctionId}/settlement.csv"`);
    const download = await h.app.request(`${origin}/dashboard/auctions/${m.auctionId}/result.csv`, { headers: { cookie } });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toBe(`attachment; filename="${m.auctionId}-result.csv"`);
    expect(parse(await download.text()).rows).toEqual((await csvOf(m.auctionId, '', m.keys['miner-1'])).rows);
    const settlement = await h.app.request(`${origin}/dashboard/auctions/${m.auctionId}/settlement.csv`, { headers: { cookie } });
    expect(settlement.status).toBe(200);
    expect(new Set(parse(await settlement.text()).rows.map((r) => r.bidder_id))).toEqual(new Set(['miner-1']));
    expect((await h.app.request(`${origin}/dashboard/auctions/NO-SUCH/result.csv`, { headers: { cookie } })).status).toBe(404);
  });

  it('bad limits, forged or foreign cursors are 400; an unknown auction is 404; JSON is unchanged', async () => {
    for (const q of ['?limit=0', '?limit=abc', '?limit=20001', '?cursor=not*a*cursor', `?cursor=${Buffer.from('{"s":"x"}').toString('base64url')}`]) {
      const res = await h.call('GET', path(m.auctionId, q), { headers: CSV });
      expect(res.status, q).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    const first = await h.call('GET', path(m.auctionId, '?limit=1'), { headers: CSV });
    const cursor = first.headers.get('x-next-cursor')!;
    expect((await h.call('GET', path(m.auctionId, `?cursor=${cursor}`), { headers: CSV, key: m.keys['miner-1'] })).status).toBe(400);
    expect((await h.call('GET', path('NO-SUCH-AUCTION'), { headers: CSV })).status).toBe(404);
    expect(ResultSchema.parse(await (await h.call('GET', path(m.auctionId))).json())).toEqual(result);
  });
});
