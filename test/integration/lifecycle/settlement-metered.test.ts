// Metered settlement through the real app on DynamoDB Local (red-team findings): the settlement
// CSV carries the metered columns at the end of each row (earlier columns untouched) and reads
// back to the JSON lines; a page cursor names the meter version, so a cursor issued before new
// readings arrived is a 409 problem ("start again") instead of a page of other statements.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv, parseSettlementCsv } from '../../support/settlement-csv-reader';
import { SETTLEMENT_CSV_HEADER } from '../../../lib/lifecycle/settlement-csv';
import { SettlementPageSchema, type Settlement } from '../../../schemas/lifecycle';
import { createLifecycleHarness, GATE, NOW, type LifecycleHarness, type Market } from './harness';

/** The header before the metered columns were appended: readers by position keep working. */
const HEADER_BEFORE = 'auction_id,bidder_id,bid_id,class,interval,interval_start,step,allocated_mw,dispatched_mw,delivered_mwh,curtailed_mwh,price,charge,currency,interval_start_local';

let h: LifecycleHarness;
let m: Market;
beforeAll(async () => {
  h = await createLifecycleHarness();
  h.clock.set(NOW);
  m = await h.setupAuction();
  h.clock.set(new Date(Date.parse(GATE) + 1_000));
  await h.tick();
});
afterAll(async () => { await h.drop(); });

const path = (query: string) => `/v1/auctions/${m.auctionId}/settlement${query}`;
const json = async (query: string, key?: string) => {
  const res = await h.call('GET', path(query), key ? { key } : {});
  expect(res.status).toBe(200);
  return SettlementPageSchema.parse(await res.json());
};
const postReadings = async (key: string, readings: { bidId: string; interval: number; mwh: number }[]) => {
  h.clock.advance(1_000);
  const res = await h.call('POST', `/v1/auctions/${m.auctionId}/meter-readings`, { key, json: { readings } });
  expect(res.status).toBe(200);
};

describe('settlement cursor and the meter version', () => {
  it('a cursor issued before new readings → 409 problem (start again); fresh pages are the new statements', async () => {
    const first = await json('?limit=2');
    const cursor = first.nextCursor!;
    expect(cursor).toBeDefined();
    // The page after it is served while nothing changed.
    expect((await h.call('GET', path(`?limit=2&cursor=${cursor}`))).status).toBe(200);

    await postReadings(m.keys['miner-1'], [{ bidId: m.bids['miner-1'], interval: 0, mwh: 5 }]);
    const stale = await h.call('GET', path(`?limit=2&cursor=${cursor}`));
    expect(stale.status).toBe(409);
    expect(stale.headers.get('content-type')).toBe('application/problem+json');
    const problem = await stale.json() as { detail: string; errors: { path: string }[] };
    expect(problem.errors).toEqual([expect.objectContaining({ path: 'cursor' })]);
    expect(problem.detail).toMatch(/meter version 0 → 1.*start again/);
    // A bidder's cursor likewise.
    const mine = await json('?limit=1', m.keys['miner-1']);
    await postReadings(m.keys['miner-1'], [{ bidId: m.bids['miner-1'], interval: 1, mwh: 6 }]);
    expect((await h.call('GET', path(`?limit=1&cursor=${mine.nextCursor!}`), { key: m.keys['miner-1'] })).status).toBe(409);

    // Pages started again are complete and consistent with the whole (metered) settlement.
    const whole = await json('');
    const lines: Settlement['statements'][number]['lines'] = [];
    let next: string | undefined;
    let pages = 0;
    do {
      const page = await json(`?limit=2${next ? `&cursor=${next}` : ''}`);
      lines.push(...page.statements.flatMap((s) => s.lines));
      next = page.nextCursor;
      pages++;
    } while (next && pages < 100);
    expect(lines).toEqual(whole.statements.flatMap((s) => s.lines));
    expect(whole.statements.find((s) => s.bidderId === 'miner-1')!.metering).toBe('metered');
  });
});

describe('settlement CSV: metered columns at the end', () => {
  it('the old columns keep their places; metered_mwh, excess_mwh, imbalance_charge, breach follow; CSV = JSON', async () => {
    // A breach: far more than miner-1 was allowed in interval 2.
    await postReadings(m.keys['miner-1'], [{ bidId: m.bids['miner-1'], interval: 2, mwh: 500 }]);
    const whole = await json('');
    const res = await h.call('GET', path(''), { headers: { accept: 'text/csv' } });
    expect(res.status).toBe(200);
    const text = await res.text();
    const [header, ...rows] = parseCsv(text);
    expect(header!.join(',')).toBe(`${HEADER_BEFORE},metered_mwh,excess_mwh,imbalance_charge,breach`);
    expect(header).toEqual([...SETTLEMENT_CSV_HEADER]);
    expect(rows.every((r) => r.length === header!.length)).toBe(true);
    expect(parseSettlementCsv(text).map((r) => r.line)).toEqual(whole.statements.flatMap((s) => s.lines));

    const col = (name: string) => header!.indexOf(name);
    const breach = rows.find((r) => r[col('bid_id')] === m.bids['miner-1'] && r[col('interval')] === '2')!;
    const line = whole.statements.flatMap((s) => s.lines).find((l) => l.bidId === m.bids['miner-1'] && l.interval === 2)!;
    expect(line.breach).toBe(true);
    expect(breach.slice(-4)).toEqual([String(line.meteredMwh), String(line.excessMwh), String(line.imbalanceCharge), 'true']);
    expect(Number(breach[col('metered_mwh')])).toBe(500);
    // Within its allowance: metered, no breach; without a reading: the four cells empty.
    const within = rows.find((r) => r[col('bid_id')] === m.bids['miner-1'] && r[col('interval')] === '0')!;
    expect(within.slice(-4)).toEqual(['5', '0', '0', 'false']);
    const unmetered = rows.find((r) => r[col('bid_id')] === m.bids['miner-2'])!;
    expect(unmetered.slice(-4)).toEqual(['', '', '', '']);
  });
});
