// Small books and dispatches shared by the lifecycle unit tests.
import fc from 'fast-check';
import type { Book, BookBid } from '../../../schemas/book';
import type { Dispatch } from '../../../schemas/lifecycle';
import type { AuctionRecord } from '../../../lib/lifecycle/ports';

export const header = {
  id: 'PK-NORTH-2026-12-01', zone: 'PK-NORTH', deliveryStart: '2026-12-01T00:00:00Z',
  intervalMinutes: 15 as const, currency: 'USD', pricing: 'uniform' as const,
};

export function book(bids: BookBid[], n = 4, pricing: 'uniform' | 'pay-as-bid' = 'uniform'): Book {
  return {
    format: 'surplus-auction/v1',
    auction: { ...header, pricing },
    intervals: Array.from({ length: n }, () => ({ surplusMw: 2000, reservePrice: 30 })),
    bids,
  };
}

export function curve(id: string, bidder: string, steps: [number, number][], from = 0, to = 4): BookBid {
  return { id, bidder, class: 'mining', type: 'curve', from, to, steps: steps.map(([mw, price]) => ({ mw, price })) };
}

export function block(id: string, bidder: string, mw: number, price: number, duration: number, start = 0): BookBid {
  return { id, bidder, class: 'ai', type: 'block', mw, duration, earliestStart: start, latestStart: start, price, minAcceptanceRatio: 0.5 };
}

export function dispatchOf(b: Book, rows: Record<string, number[]>, version = 0): Dispatch {
  return { auctionId: b.auction.id, version, bids: Object.entries(rows).map(([bidId, mw]) => ({ bidId, mw })) };
}

/** A random book with a dispatch consistent with it (curves within their steps, blocks mw×ratio). */
export const bookAndDispatch = fc
  .integer({ min: 1, max: 6 })
  .chain((n) => fc.record({
    n: fc.constant(n),
    curves: fc.array(fc.record({
      from: fc.integer({ min: 0, max: n - 1 }),
      len: fc.integer({ min: 1, max: n }),
      steps: fc.array(fc.tuple(fc.integer({ min: 1, max: 50 }), fc.constantFrom(40, 50, 60, 70)), { minLength: 1, maxLength: 3 }),
      bidder: fc.constantFrom('miner-1', 'miner-2', 'miner-3'),
      fills: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: n, maxLength: n }),
      fullish: fc.boolean(),
    }), { maxLength: 6 }),
    blocks: fc.array(fc.record({
      start: fc.integer({ min: 0, max: n - 1 }),
      len: fc.integer({ min: 1, max: n }),
      mw: fc.constantFrom(10, 25, 40, 120),
      price: fc.constantFrom(60, 80, 95),
      ratio: fc.constantFrom(0, 0.5, 1),
      bidder: fc.constantFrom('tenant-1', 'tenant-2'),
    }), { maxLength: 4 }),
  }))
  .map(({ n, curves, blocks }) => {
    const bids: BookBid[] = [];
    const rows: Record<string, number[]> = {};
    curves.forEach((c, i) => {
      const to = Math.min(n, c.from + c.len);
      const id = `c-${String(i).padStart(2, '0')}`;
      bids.push(curve(id, c.bidder, c.steps, c.from, to));
      const total = c.steps.reduce((s, [mw]) => s + mw, 0);
      rows[id] = Array.from({ length: n }, (_, t) => (t >= c.from && t < to ? (c.fullish ? total : Math.round(total * c.fills[t]!)) : 0));
    });
    blocks.forEach((b, i) => {
      const duration = Math.min(b.len, n - b.start);
      const id = `b-${String(i).padStart(2, '0')}`;
      bids.push(block(id, b.bidder, b.mw, b.price, duration, b.start));
      rows[id] = Array.from({ length: n }, (_, t) => (t >= b.start && t < b.start + duration ? b.mw * b.ratio : 0));
    });
    const bk = book(bids, n);
    return { book: bk, dispatch: dispatchOf(bk, rows) };
  });

/** Random revisions for some intervals: fractions of what is dispatched there (some above 1: no cut). */
export function revisionsFor(d: Dispatch, n: number) {
  return fc.array(fc.tuple(fc.integer({ min: 0, max: n - 1 }), fc.double({ min: 0, max: 1.2, noNaN: true })), { maxLength: n })
    .map((pairs) => {
      const seen = new Set<number>();
      return pairs.filter(([i]) => !seen.has(i) && seen.add(i)).map(([index, f]) => {
        const total = d.bids.reduce((s, r) => s + r.mw[index]!, 0);
        return { index, surplusMw: Math.round(total * f * 100) / 100 };
      });
    });
}

export function shuffled<T>(xs: readonly T[], seed: number): T[] {
  const out = [...xs];
  let s = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** A stored auction (lifecycle view): 4 × 15 min from 2026-12-01T00:00Z, gate 2 h before. */
export function auction(over: Partial<AuctionRecord> = {}): AuctionRecord {
  return {
    id: 'A1', zone: 'PK-NORTH', deliveryStart: '2026-12-01T00:00:00Z', intervalMinutes: 15, intervalCount: 4,
    gateClosure: '2026-11-30T22:00:00Z', pricing: 'uniform', currency: 'USD',
    status: 'open', timestamps: { openedAt: '2026-11-29T00:00:00Z' }, ...over,
  };
}
