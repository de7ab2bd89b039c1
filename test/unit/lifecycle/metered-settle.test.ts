// Metered settlement (SPEC §5): metered energy up to what was allowed at the bid's price, firm
// blocks pay their allowed energy, energy above it at the imbalance price flagged as a breach;
// statements without readings stay provisional; no readings at all = the same bytes as before.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { settle } from '../../../lib/lifecycle/settle';
import { imbalancePriceOf } from '../../../lib/lifecycle/metering';
import { curtail } from '../../../lib/lifecycle/curtail';
import { dispatchFromResult } from '../../../lib/lifecycle/dispatch';
import { SettlementSchema } from '../../../schemas/lifecycle';
import type { Book } from '../../../schemas/book';
import type { ClearingResult } from '../../../schemas/result';
import { block, book, bookAndDispatch, curve } from './fixtures';
import { blockPeakMw } from '../../../schemas/block-shape';

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

const bids = [curve('m1', 'miner-1', [[40, 70], [25, 52.5]]), block('t3', 'tenant-3', 120, 95, 4), curve('m9', 'miner-9', [[10, 20]])];
const rows = new Map([['m1', [65, 65, 65, 65]], ['t3', [120, 120, 120, 120]], ['m9', [0, 0, 0, 0]]]);
const NOW = new Date('2026-11-30T23:00:00Z');

describe('metered settlement', () => {
  it('without readings the settlement is byte-identical (property)', () => {
    fc.assert(fc.property(bookAndDispatch, ({ book: b, dispatch }) => {
      const result = resultFor(b, new Map(dispatch.bids.map((r) => [r.bidId, r.mw])), b.intervals.map(() => 50));
      const plain = JSON.stringify(settle({ book: b, result, dispatch, final: false }));
      expect(JSON.stringify(settle({ book: b, result, dispatch, final: false, metering: { readings: new Map(), imbalancePrice: 100 } }))).toBe(plain);
    }), { numRuns: 100, seed: 12 });
  });

  it('charges metered energy up to the allowed; firm blocks pay the allowed; the excess is a breach at the imbalance price', () => {
    const b = book(bids);
    const result = resultFor(b, rows, [41.2, 41.2, 50, 50]);
    const cut = curtail({ book: b, dispatch: dispatchFromResult(b, result), revisions: [{ index: 2, surplusMw: 145 }], noticeTime: NOW });
    const readings = new Map<string, (number | undefined)[]>([
      ['m1', [10, 20, 10, undefined]], // under, above (16.25 allowed), above the curtailed 6.25
      ['t3', [5, undefined, undefined, undefined]], // firm: pays its 30 MWh anyway
      ['m9', [undefined, 2, undefined, undefined]], // rejected, and drew 2 MWh: all of it a breach
    ]);
    const s = SettlementSchema.parse(settle({ book: b, result, dispatch: cut.dispatch, final: false, metering: { readings, imbalancePrice: 100 } }));
    expect(s.imbalancePrice).toBe(100);
    const m1 = s.statements.find((x) => x.bidderId === 'miner-1')!;
    expect(m1.metering).toBe('metered');
    expect(m1.lines[0]).toMatchObject({ deliveredMwh: 10, charge: 412, meteredMwh: 10, excessMwh: 0, imbalanceCharge: 0, breach: false });
    expect(m1.lines[1]).toMatchObject({ deliveredMwh: 16.25, charge: 669.5, meteredMwh: 20, excessMwh: 3.75, imbalanceCharge: 375, breach: true });
    expect(m1.lines[2]).toMatchObject({ dispatchedMw: 25, deliveredMwh: 6.25, curtailedMwh: 10, charge: 312.5, excessMwh: 3.75, breach: true });
    expect(m1.lines[3]).not.toHaveProperty('meteredMwh');
    expect(m1.totals).toMatchObject({ meteredMwh: 40, excessMwh: 7.5, imbalanceCharge: 750, breaches: 2 });
    const t3 = s.statements.find((x) => x.bidderId === 'tenant-3')!;
    expect(t3.lines[0]).toMatchObject({ deliveredMwh: 30, charge: 30 * 41.2, meteredMwh: 5, breach: false });
    const m9 = s.statements.find((x) => x.bidderId === 'miner-9')!;
    expect(m9.lines).toEqual([expect.objectContaining({ interval: 1, allocatedMw: 0, deliveredMwh: 0, charge: 0, excessMwh: 2, imbalanceCharge: 200, breach: true })]);
    expect(s.totals).toMatchObject({ imbalanceRevenue: 950, breaches: 3 });
    // Statements sum exactly to their lines, in cents.
    for (const st of s.statements) {
      expect(Math.round(st.totals.charge * 100)).toBe(st.lines.reduce((c, l) => c + Math.round(l.charge * 100), 0));
      expect(Math.round(st.totals.imbalanceCharge! * 100)).toBe(st.lines.reduce((c, l) => c + Math.round((l.imbalanceCharge ?? 0) * 100), 0));
    }
  });

  it('a statement without readings stays provisional on the allocation', () => {
    const b = book(bids);
    const result = resultFor(b, rows, [41.2, 41.2, 50, 50]);
    const s = settle({ book: b, result, dispatch: dispatchFromResult(b, result), final: false, metering: { readings: new Map([['m1', [1, 1, 1, 1]]]), imbalancePrice: 100 } });
    const t3 = s.statements.find((x) => x.bidderId === 'tenant-3')!;
    expect(t3.metering).toBe('provisional');
    expect(t3.lines[0]).toMatchObject({ deliveredMwh: 30, charge: 30 * 41.2 });
  });

  it('the imbalance price defaults to twice the highest clearing price', () => {
    expect(imbalancePriceOf({}, [41.2, 50, 12])).toBe(100);
    expect(imbalancePriceOf({ imbalancePrice: 7 }, [41.2, 50])).toBe(7);
  });
});
