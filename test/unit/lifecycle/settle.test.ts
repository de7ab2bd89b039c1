import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { settle, settleInSlices, settlementFor } from '../../../lib/lifecycle/settle';
import { renderSettlementCsv, SETTLEMENT_CSV_HEADER } from '../../../lib/lifecycle/settlement-csv';
import { parseCsv, parseSettlementCsv } from '../../support/settlement-csv-reader';
import { curtail } from '../../../lib/lifecycle/curtail';
import { dispatchFromResult } from '../../../lib/lifecycle/dispatch';
import { toCents } from '../../../lib/lifecycle/money';
import { SettlementSchema } from '../../../schemas/lifecycle';
import type { Book } from '../../../schemas/book';
import type { ClearingResult } from '../../../schemas/result';
import { block, book, bookAndDispatch, curve, revisionsFor } from './fixtures';
import { blockPeakMw } from '../../../schemas/block-shape';

const NOW = new Date('2026-11-30T23:00:00Z');

/** A result whose allocation is exactly the given dispatch (curves from their rows, blocks at their start). */
function resultFor(b: Book, rows: Map<string, number[]>, prices: number[]): ClearingResult {
  return {
    format: 'surplus-clearing/v1', auctionId: b.auction.id, inputDigest: `sha256:${'a'.repeat(64)}`,
    intervals: prices.map((price) => ({ price, aiMw: 0, miningMw: 0, unallocatedMw: 0 })),
    bids: b.bids.map((bid) => {
      const mw = rows.get(bid.id)!;
      if (bid.type === 'curve') {
        const slice = mw.slice(bid.from, bid.to);
        return slice.some((x) => x > 0) ? { id: bid.id, accepted: true, mw: slice } : { id: bid.id, accepted: false, mw: [] };
      }
      const ratio = mw[bid.earliestStart]! / blockPeakMw(bid);
      return ratio > 0 ? { id: bid.id, accepted: true, start: bid.earliestStart, ratio } : { id: bid.id, accepted: false, ratio: 0 };
    }),
    welfare: 0, bound: 0, optimal: true, paradoxicallyRejected: [], stats: {},
  };
}

describe('settle: examples', () => {
  const bids = [curve('m1', 'miner-1', [[40, 70], [25, 52.5]]), block('t3', 'tenant-3', 120, 95, 4)];
  const rows = new Map([['m1', [65, 65, 65, 65]], ['t3', [120, 120, 120, 120]]]);

  it('uniform: delivered energy at the clearing price, curtailed energy reported and not charged', () => {
    const b = book(bids);
    const result = resultFor(b, rows, [41.2, 41.2, 50, 50]);
    const cut = curtail({ book: b, dispatch: dispatchFromResult(b, result), revisions: [{ index: 2, surplusMw: 145 }], noticeTime: NOW });
    const s = SettlementSchema.parse(settle({ book: b, result, dispatch: cut.dispatch, final: true }));
    const m1 = s.statements.find((x) => x.bidderId === 'miner-1')!;
    expect(m1.lines[2]).toMatchObject({ interval: 2, step: null, allocatedMw: 65, dispatchedMw: 25, deliveredMwh: 6.25, curtailedMwh: 10, price: 50, charge: 312.5 });
    expect(m1.lines[0]).toMatchObject({ deliveredMwh: 16.25, price: 41.2, charge: 669.5 });
    expect(m1.totals).toEqual({ deliveredMwh: 16.25 * 3 + 6.25, curtailedMwh: 10, charge: 669.5 * 2 + 812.5 + 312.5 });
    expect(s.totals!.byClass.ai).toEqual({ deliveredMwh: 120, curtailedMwh: 0, charge: 30 * 41.2 * 2 + 30 * 50 * 2 });
    expect(s.totals!.revenue).toBe(m1.totals.charge + s.totals!.byClass.ai.charge);
  });

  it('pay-as-bid: each curve step pays its own price; curtailment removes the cheapest step first', () => {
    const b = book(bids, 4, 'pay-as-bid');
    const result = resultFor(b, rows, [41.2, 41.2, 50, 50]);
    const cut = curtail({ book: b, dispatch: dispatchFromResult(b, result), revisions: [{ index: 0, surplusMw: 170 }], noticeTime: NOW });
    const s = settle({ book: b, result, dispatch: cut.dispatch, final: true });
    const m1 = s.statements.find((x) => x.bidderId === 'miner-1')!;
    expect(m1.lines.filter((l) => l.interval === 0)).toEqual([
      expect.objectContaining({ step: 0, allocatedMw: 40, dispatchedMw: 40, price: 70, charge: 700, curtailedMwh: 0 }),
      expect.objectContaining({ step: 1, allocatedMw: 25, dispatchedMw: 10, price: 52.5, deliveredMwh: 2.5, curtailedMwh: 3.75, charge: 131.25 }),
    ]);
    expect(s.statements.find((x) => x.bidderId === 'tenant-3')!.lines[0]).toMatchObject({ price: 95, charge: 2850 });
  });

  it('a bidder sees only its own statement and no operator totals', () => {
    const b = book(bids);
    const result = resultFor(b, rows, [41.2, 41.2, 50, 50]);
    const s = settle({ book: b, result, dispatch: dispatchFromResult(b, result), final: false });
    const mine = settlementFor(s, { role: 'bidder', bidderId: 'tenant-3' });
    expect(mine.statements.map((x) => x.bidderId)).toEqual(['tenant-3']);
    expect(mine.totals).toBeUndefined();
    expect(settlementFor(s, { role: 'operator' })).toBe(s);
  });

  it('rounds half-up to cents after removing float noise', () => {
    expect(toCents(12.345)).toBe(1235);
    expect(toCents(0.1 + 0.2)).toBe(30);
    expect(toCents(1.005)).toBe(101);
  });

  it('six tied bidders at the margin: the cents of the statements sum to the interval\'s rounded revenue, energy to its rounded MWh', () => {
    const miners = ['m1', 'm2', 'm3', 'm4', 'm5', 'm6'].map((id) => curve(id, `bidder-${id}`, [[40, 70]]));
    const b = book(miners);
    const share = 95 / 6;
    const result = resultFor(b, new Map(miners.map((m) => [m.id, [share, share, share, share]])), [41.13, 41.13, 41.13, 41.13]);
    const s = settle({ book: b, result, dispatch: dispatchFromResult(b, result), final: true });
    const lines = s.statements.flatMap((st) => st.lines);
    for (let t = 0; t < 4; t++) {
      const at = lines.filter((l) => l.interval === t);
      expect(at.reduce((c, l) => c + toCents(l.charge), 0)).toBe(toCents(95 * 0.25 * 41.13));
      expect(Math.round(at.reduce((e, l) => e + l.deliveredMwh, 0) * 1e6)).toBe(Math.round(95 * 0.25 * 1e6));
    }
    expect(toCents(s.totals!.revenue)).toBe(4 * toCents(95 * 0.25 * 41.13));
    expect(s.totals!.deliveredMwh).toBe(95);
  });

  it('CSV has the documented header and quotes awkward ids', () => {
    const b = book([curve('m,"1"', 'miner-1', [[40, 70]])]);
    const result = resultFor(b, new Map([['m,"1"', [40, 40, 40, 40]]]), [41.2, 41.2, 50, 50]);
    const csv = renderSettlementCsv(settle({ book: b, result, dispatch: dispatchFromResult(b, result), final: true }));
    expect(csv.split('\r\n')[0]).toBe(SETTLEMENT_CSV_HEADER.join(','));
    expect(csv.split('\r\n')[1]).toBe('PK-NORTH-2026-12-01,miner-1,"m,""1""",mining,0,2026-12-01T00:00:00Z,,40,40,10,0,41.2,412,USD,,,,,');
    expect(parseSettlementCsv(csv)[0]!.line.bidId).toBe('m,"1"');
  });

  it('CSV gives each start in the auction\'s time zone beside UTC when it names one', () => {
    const b = book([curve('m1', 'miner-1', [[40, 70]])]);
    const result = resultFor(b, new Map([['m1', [40, 40, 40, 40]]]), [41.2, 41.2, 50, 50]);
    const rows = parseSettlementCsv(renderSettlementCsv(settle({ book: b, result, dispatch: dispatchFromResult(b, result), final: true }), 'Asia/Karachi'));
    expect(rows.map((r) => [r.line.intervalStart, r.localStart])).toEqual([
      ['2026-12-01T00:00:00Z', '2026-12-01 05:00 GMT+5'], ['2026-12-01T00:15:00Z', '2026-12-01 05:15 GMT+5'],
      ['2026-12-01T00:30:00Z', '2026-12-01 05:30 GMT+5'], ['2026-12-01T00:45:00Z', '2026-12-01 05:45 GMT+5'],
    ]);
  });

  it.each(['=HYPERLINK("x")', '+1', '-cmd', '@SUM(A1)', '\tx'])('CSV cells that a spreadsheet would run as a formula are defused: %s', (id) => {
    const b = book([curve(id, id, [[40, 70]])]);
    const result = resultFor(b, new Map([[id, [40, 40, 40, 40]]]), [41.2, 41.2, 50, 50]);
    const row = renderSettlementCsv(settle({ book: b, result, dispatch: dispatchFromResult(b, result), final: true })).split('\r\n')[1]!;
    const [, bidder, bid] = parseCsvRow(row);
    expect([bidder, bid]).toEqual([`'${id}`, `'${id}`]);
  });
});

const parseCsvRow = (row: string) => parseCsv(row)[0]!;

describe('settle: properties', () => {
  const scenario = bookAndDispatch.chain((s) => fc.record({
    s: fc.constant(s),
    pricing: fc.constantFrom('uniform' as const, 'pay-as-bid' as const),
    prices: fc.array(fc.double({ min: 30, max: 120, noNaN: true }), { minLength: s.book.intervals.length, maxLength: s.book.intervals.length }),
    revisions: revisionsFor(s.dispatch, s.book.intervals.length),
  })).map(({ s, pricing, prices, revisions }) => {
    const b: Book = { ...s.book, auction: { ...s.book.auction, pricing } };
    const result = resultFor(b, new Map(s.dispatch.bids.map((r) => [r.bidId, r.mw])), prices);
    const dispatch = curtail({ book: b, dispatch: dispatchFromResult(b, result), revisions, noticeTime: NOW }).dispatch;
    return { settlement: settle({ book: b, result, dispatch, final: true }), input: { book: b, result, dispatch, final: true }, hours: b.auction.intervalMinutes / 60, dispatch, allocation: dispatchFromResult(b, result) };
  });

  it('Σ charges = Σ delivered MWh × price (to the cent per line), totals = Σ lines exactly, curtailed energy carries no charge', () => {
    fc.assert(fc.property(scenario, ({ settlement, hours, dispatch, allocation }) => {
      SettlementSchema.parse(settlement);
      const lines = settlement.statements.flatMap((s) => s.lines);
      let exact = 0;
      let cents = 0;
      for (const l of lines) {
        exact += l.deliveredMwh * l.price;
        cents += toCents(l.charge);
        // Largest remainder: a line is at most one cent off its own product.
        expect(Math.abs(l.charge - l.deliveredMwh * l.price)).toBeLessThanOrEqual(0.01 + 1e-9);
        if (l.deliveredMwh === 0) expect(l.charge).toBe(0);
      }
      // Each (interval, price) group is rounded once: its lines sum to its rounded product.
      const groups = new Map<string, { exact: number; cents: number }>();
      for (const l of lines) {
        const g = groups.get(`${l.interval}|${l.price}`) ?? { exact: 0, cents: 0 };
        g.exact += l.deliveredMwh * l.price;
        g.cents += toCents(l.charge);
        groups.set(`${l.interval}|${l.price}`, g);
      }
      for (const g of groups.values()) expect(g.cents).toBe(toCents(g.exact));
      expect(Math.abs(cents / 100 - exact)).toBeLessThanOrEqual(0.005 * groups.size + 1e-6);
      expect(toCents(settlement.totals!.revenue)).toBe(cents);
      expect(settlement.statements.reduce((c, s) => c + toCents(s.totals.charge), 0)).toBe(cents);
      expect(toCents(settlement.totals!.byClass.ai.charge) + toCents(settlement.totals!.byClass.mining.charge)).toBe(cents);
      // delivered + curtailed energy = allocated energy; delivered = dispatched energy
      const allocMwh = allocation.bids.reduce((s, r) => s + r.mw.reduce((a, x) => a + x, 0), 0) * hours;
      const dispMwh = dispatch.bids.reduce((s, r) => s + r.mw.reduce((a, x) => a + x, 0), 0) * hours;
      expect(settlement.totals!.deliveredMwh).toBeCloseTo(dispMwh, 4);
      expect(settlement.totals!.deliveredMwh + settlement.totals!.curtailedMwh).toBeCloseTo(allocMwh, 4);
    }), { numRuns: 200 });
  });

  it('CSV and JSON agree: parsing the CSV back gives the JSON lines', () => {
    fc.assert(fc.property(scenario, ({ settlement }) => {
      const parsed = parseSettlementCsv(renderSettlementCsv(settlement));
      expect(parsed.map((p) => p.line)).toEqual(settlement.statements.flatMap((s) => s.lines));
      for (const p of parsed) expect([p.auctionId, p.currency]).toEqual([settlement.auctionId, settlement.currency]);
    }), { numRuns: 200 });
  });

  it('settleInSlices (the event-loop-friendly run) gives exactly the settlement of settle', async () => {
    await fc.assert(fc.asyncProperty(scenario, async ({ settlement, input }) => {
      expect(await settleInSlices(input)).toEqual(settlement);
    }), { numRuns: 50 });
  });
});
