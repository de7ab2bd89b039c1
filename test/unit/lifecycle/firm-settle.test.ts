// Firm prices in settlement and the result CSV amounts (SPEC §2 "Firm capacity", issue #10):
// under uniform pricing a firm bid (explicit `firmness`, else blocks firm and curves
// interruptible) pays the interval's firmPrice, an interruptible bid its price; pay-as-bid and
// results without firmPrice are untouched (byte for byte); sums stay exact in cents.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { settle } from '../../../lib/lifecycle/settle';
import { resultAmounts } from '../../../lib/lifecycle/result-amounts';
import type { Book, BookBid } from '../../../schemas/book';
import type { ClearingResult } from '../../../schemas/result';
import { blockPeakMw } from '../../../schemas/block-shape';
import { block, book, bookAndDispatch, curve, dispatchOf } from './fixtures';

function resultFor(b: Book, rows: Map<string, number[]>, prices: number[], firmPrices?: number[]): ClearingResult {
  return {
    format: 'surplus-clearing/v1', auctionId: b.auction.id, inputDigest: `sha256:${'a'.repeat(64)}`,
    intervals: prices.map((price, t) => ({ price, aiMw: 0, miningMw: 0, unallocatedMw: 0, ...(firmPrices ? { firmPrice: firmPrices[t]!, firmMw: 0 } : {}) })),
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

const withFirmness = (bid: BookBid, firmness: 'firm' | 'interruptible'): BookBid => ({ ...bid, firmness });
const bids = [
  curve('m1', 'miner-1', [[40, 70]]), // interruptible (default)
  withFirmness(curve('m2', 'miner-2', [[20, 90]]), 'firm'),
  block('t1', 'tenant-1', 30, 95, 4), // firm (default)
  withFirmness(block('t2', 'tenant-2', 10, 95, 4), 'interruptible'),
];
const rows = new Map([['m1', [40, 40, 40, 40]], ['m2', [20, 20, 20, 20]], ['t1', [30, 30, 30, 30]], ['t2', [10, 10, 10, 10]]]);
const dispatch = (b: Book) => dispatchOf(b, Object.fromEntries(rows));

describe('firm settlement', () => {
  it('firm bids (default blocks, explicit curves) pay firmPrice; interruptible ones (default curves, explicit blocks) price', () => {
    const b = book(bids);
    const s = settle({ book: b, result: resultFor(b, rows, [50, 50, 60, 60], [80, 50, 75.5, 60]), dispatch: dispatch(b), final: false });
    const price = (bidId: string) => s.statements.flatMap((st) => st.lines).filter((l) => l.bidId === bidId).map((l) => [l.price, l.charge]);
    expect(price('m1')).toEqual([[50, 500], [50, 500], [60, 600], [60, 600]]); // 40 MW × ¼ h
    expect(price('m2')).toEqual([[80, 400], [50, 250], [75.5, 377.5], [60, 300]]); // 20 MW × ¼ h
    expect(price('t1')).toEqual([[80, 600], [50, 375], [75.5, 566.25], [60, 450]]); // 30 MW × ¼ h
    expect(price('t2')).toEqual([[50, 125], [50, 125], [60, 150], [60, 150]]); // 10 MW × ¼ h
    const cents = (x: number) => Math.round(x * 100);
    expect(cents(s.totals!.revenue)).toBe(s.statements.flatMap((st) => st.lines).reduce((c, l) => c + cents(l.charge), 0));
  });

  it('the result CSV amounts use the same prices: each row its settlement line to the cent', async () => {
    const b = book(bids);
    const result = resultFor(b, rows, [50, 50, 60, 60], [80, 50, 75.5, 60]);
    const amounts = await resultAmounts(b, result);
    const lines = settle({ book: b, result, dispatch: dispatch(b), final: false }).statements.flatMap((st) => st.lines);
    for (const bid of b.bids) {
      const offset = amounts.offsets.get(bid.id)!;
      const own = lines.filter((l) => l.bidId === bid.id);
      own.forEach((l, i) => expect(amounts.minor[offset + i], `${bid.id} ${i}`).toBe(Math.round(l.charge * 100)));
    }
  });

  it('pay-as-bid ignores firmPrice: every quantity pays its own bid price', () => {
    const b = book(bids, 4, 'pay-as-bid');
    const plain = JSON.stringify(settle({ book: b, result: resultFor(b, rows, [50, 50, 60, 60]), dispatch: dispatch(b), final: false }));
    expect(JSON.stringify(settle({ book: b, result: resultFor(b, rows, [50, 50, 60, 60], [80, 80, 80, 80]), dispatch: dispatch(b), final: false }))).toBe(plain);
  });

  it('a result without firmPrice, or with firmPrice = price, settles byte for byte as before (random books)', () => {
    fc.assert(fc.property(bookAndDispatch, fc.array(fc.integer({ min: 30, max: 500 }), { minLength: 6, maxLength: 6 }), ({ book: b, dispatch: d }, cents) => {
      const prices = b.intervals.map((_, t) => cents[t]! / 10);
      const byBid = new Map(d.bids.map((r) => [r.bidId, r.mw]));
      const plain = JSON.stringify(settle({ book: b, result: resultFor(b, byBid, prices), dispatch: d, final: false }));
      const firmBook: Book = { ...b, bids: b.bids.map((bid, i) => (i % 2 === 0 ? withFirmness(bid, 'firm') : bid)) };
      expect(JSON.stringify(settle({ book: firmBook, result: resultFor(firmBook, byBid, prices, prices), dispatch: d, final: false }))).toBe(plain);
    }), { numRuns: 100, seed: 10 });
  });
});
