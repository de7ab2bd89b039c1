// GET …/settlement on DynamoDB Local: JSON and CSV (Accept: text/csv) agree; a bidder sees only
// its own statement without operator totals; the operator gets all statements and totals;
// Σ charges = Σ delivered MWh × price (to the cent per line); curtailed MWh carry no charge;
// provisional until delivery ends.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SETTLEMENT_CSV_HEADER } from '../../../lib/lifecycle/settlement-csv';
import { parseSettlementCsv } from '../../support/settlement-csv-reader';
import { SettlementSchema, type Settlement } from '../../../schemas/lifecycle';
import { createLifecycleHarness, DELIVERY_END, GATE, NOW, type LifecycleHarness, type Market } from './harness';

let h: LifecycleHarness;
let m: Market;
beforeAll(async () => {
  h = await createLifecycleHarness();
  h.clock.set(NOW);
  m = await h.setupAuction();
  h.clock.set(new Date(Date.parse(GATE) + 1_000));
  await h.tick();
  const cut = await h.call('POST', `/v1/auctions/${m.auctionId}/curtailments`, { json: { intervals: [{ index: 1, surplusMw: 120 }, { index: 4, surplusMw: 30 }] } });
  expect(cut.status).toBe(200);
});
afterAll(async () => { await h.drop(); });

async function settlement(key?: string, accept?: string): Promise<Response> {
  return h.call('GET', `/v1/auctions/${m.auctionId}/settlement`, { ...(key ? { key } : {}), headers: accept ? { accept } : {} });
}

describe('GET /v1/auctions/{id}/settlement', () => {
  it('operator: all statements and totals; charges and curtailment add up; CSV = JSON', async () => {
    const res = await settlement();
    expect(res.status).toBe(200);
    expect(res.headers.get('vary')).toBe('accept, accept-encoding');
    const s: Settlement = SettlementSchema.parse(await res.json());
    expect(s).toMatchObject({ auctionId: m.auctionId, currency: 'USD', pricing: 'uniform', dispatchVersion: 1, final: false });
    const lines = s.statements.flatMap((st) => st.lines);
    expect(lines.length).toBeGreaterThan(0);
    expect(new Set(s.statements.map((st) => st.bidderId))).toContain('miner-1');
    for (const l of lines) {
      expect(l.charge).toBeCloseTo(Math.round(l.deliveredMwh * l.price * 100) / 100, 9);
      expect(l.deliveredMwh).toBeCloseTo(l.dispatchedMw * 0.25, 6);
      expect(l.curtailedMwh).toBeCloseTo((l.allocatedMw - l.dispatchedMw) * 0.25, 6);
    }
    const curtailed = lines.filter((l) => l.curtailedMwh > 0);
    expect(curtailed.length).toBeGreaterThan(0); // the curtailment shows, and is not charged:
    for (const l of curtailed) expect(l.charge).toBeCloseTo(Math.round(l.dispatchedMw * 0.25 * l.price * 100) / 100, 9);
    const cents = lines.reduce((c, l) => c + Math.round(l.charge * 100), 0);
    expect(Math.round(s.totals!.revenue * 100)).toBe(cents);
    expect(s.totals!.byClass.mining.deliveredMwh + s.totals!.byClass.ai.deliveredMwh).toBeCloseTo(s.totals!.deliveredMwh, 6);

    const csv = await settlement(undefined, 'text/csv');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const text = await csv.text();
    expect(text.split('\r\n')[0]).toBe(SETTLEMENT_CSV_HEADER.join(','));
    const rows = parseSettlementCsv(text);
    expect(rows.map((r) => r.line)).toEqual(lines);
    expect(rows.every((r) => r.auctionId === m.auctionId && r.currency === 'USD')).toBe(true);
    // JSON when JSON is preferred.
    expect((await settlement(undefined, 'application/json, text/csv;q=0.5')).headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('the operator can ask for one bidder\'s statement (with the auction totals)', async () => {
    const all = SettlementSchema.parse(await (await settlement()).json());
    const res = await h.call('GET', `/v1/auctions/${m.auctionId}/settlement?bidder=miner-2`);
    const one = SettlementSchema.parse(await res.json());
    expect(one.statements).toEqual(all.statements.filter((s) => s.bidderId === 'miner-2'));
    expect(one.totals).toEqual(all.totals);
    const csv = parseSettlementCsv(await (await h.call('GET', `/v1/auctions/${m.auctionId}/settlement?bidder=miner-2`, { headers: { accept: 'text/csv' } })).text());
    expect(csv.map((r) => r.line)).toEqual(one.statements[0]!.lines);
    // A bidder asking for another's statement gets nothing of it.
    const other = SettlementSchema.parse(await (await h.call('GET', `/v1/auctions/${m.auctionId}/settlement?bidder=miner-2`, { key: m.keys['miner-1'] })).json());
    expect(other.statements).toEqual([]);
    expect((await h.call('GET', `/v1/auctions/${m.auctionId}/settlement?bidder=a%20b`)).status).toBe(400);
  });

  it('a bidder sees only its own statement, without operator totals, in JSON and CSV', async () => {
    const s = SettlementSchema.parse(await (await settlement(m.keys['miner-1'])).json());
    expect(s.statements.map((st) => st.bidderId)).toEqual(['miner-1']);
    expect(s.totals).toBeUndefined();
    const rows = parseSettlementCsv(await (await settlement(m.keys['miner-1'], 'text/csv')).text());
    expect(rows.map((r) => r.line)).toEqual(s.statements[0]!.lines);
    expect(new Set(rows.map((r) => r.line.bidderId))).toEqual(new Set(['miner-1']));
  });

  it('is final once delivery is over; 409 before clearing, 404 for an unknown auction', async () => {
    h.clock.set(new Date(Date.parse(DELIVERY_END) + 1_000));
    await h.tick();
    const s = SettlementSchema.parse(await (await settlement()).json());
    expect(s.final).toBe(true);
    expect((await h.call('GET', '/v1/auctions/unknown/settlement')).status).toBe(404);
    h.clock.set(NOW);
    const open = await h.setupAuction();
    expect((await h.call('GET', `/v1/auctions/${open.auctionId}/settlement`)).status).toBe(409);
  });
});
