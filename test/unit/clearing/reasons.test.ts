// Reasons read off the book and the published prices (SPEC §2): hand cases, then a property over
// cleared random books — every bid not fully accepted has exactly one reason, consistent with
// the prices, and fully accepted bids have none.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bidReasons } from '../../../lib/clearing/reasons';
import { clearBook } from '../../../lib/clearing';
import type { Book } from '../../../schemas/book';

const header = { id: 'A', zone: 'Z', deliveryStart: '2026-12-01T00:00:00Z', intervalMinutes: 60, currency: 'USD', pricing: 'uniform' } as const;

describe('bid reasons', () => {
  it('names below-reserve, out-of-the-money (shortfall), marginal and a rejected block\'s shortfall', async () => {
    const book: Book = {
      format: 'surplus-auction/v1', auction: header,
      intervals: [{ surplusMw: 100, reservePrice: 30 }, { surplusMw: 100, reservePrice: 30 }],
      bids: [
        { id: 'rich', bidder: 'm1', class: 'mining', type: 'curve', from: 0, to: 2, steps: [{ mw: 80, price: 70 }] },
        { id: 'tied-1', bidder: 'm2', class: 'mining', type: 'curve', from: 0, to: 2, steps: [{ mw: 30, price: 50 }] },
        { id: 'tied-2', bidder: 'm3', class: 'mining', type: 'curve', from: 0, to: 2, steps: [{ mw: 30, price: 50 }] },
        { id: 'cheap', bidder: 'm4', class: 'mining', type: 'curve', from: 0, to: 2, steps: [{ mw: 10, price: 40 }] },
        { id: 'floor', bidder: 'm5', class: 'mining', type: 'curve', from: 0, to: 2, steps: [{ mw: 10, price: 20 }] },
        { id: 'block', bidder: 't1', class: 'ai', type: 'block', mw: 50, duration: 2, earliestStart: 0, latestStart: 0, price: 45, minAcceptanceRatio: 1 },
      ],
    };
    const result = await clearBook(book, { timings: false });
    expect(result.intervals.map((i) => i.price)).toEqual([50, 50]);
    const reasons = bidReasons(book, result);
    expect(reasons.get('rich')).toBeUndefined();
    expect(reasons.get('tied-1')).toEqual({ reason: 'marginal' });
    expect(reasons.get('tied-2')).toEqual({ reason: 'marginal' });
    // 10 MW × (50 − 40) × 2 h.
    expect(reasons.get('cheap')).toEqual({ reason: 'out-of-the-money', shortfall: 200 });
    expect(reasons.get('floor')).toEqual({ reason: 'below-reserve' });
    // 50 MW × (50 − 45) × 2 h.
    expect(reasons.get('block')).toEqual({ reason: 'out-of-the-money', shortfall: 500, bestStart: 0 });
  });

  it('on random books: a reason exactly for the bids not fully accepted, consistent with the prices', async () => {
    const bidArb = fc.oneof(
      fc.record({ type: fc.constant('curve' as const), from: fc.integer({ min: 0, max: 2 }), len: fc.integer({ min: 1, max: 2 }),
        steps: fc.array(fc.record({ mw: fc.integer({ min: 1, max: 60 }), price: fc.integer({ min: 10, max: 90 }) }), { minLength: 1, maxLength: 3 }) }),
      fc.record({ type: fc.constant('block' as const), mw: fc.integer({ min: 5, max: 80 }), duration: fc.integer({ min: 1, max: 2 }), price: fc.integer({ min: 10, max: 120 }), ratio: fc.constantFrom(0.5, 1) }),
    );
    await fc.assert(fc.asyncProperty(fc.array(bidArb, { minLength: 1, maxLength: 8 }), fc.integer({ min: 20, max: 150 }), async (specs, surplus) => {
      const book: Book = {
        format: 'surplus-auction/v1', auction: header,
        intervals: Array.from({ length: 4 }, (_, t) => ({ surplusMw: surplus + t * 10, reservePrice: 25 })),
        bids: specs.map((s, i) => (s.type === 'curve'
          ? { id: `b${i}`, bidder: `x${i}`, class: 'mining' as const, type: 'curve' as const, from: s.from, to: Math.min(4, s.from + s.len), steps: s.steps }
          : { id: `b${i}`, bidder: `x${i}`, class: 'ai' as const, type: 'block' as const, mw: s.mw, duration: s.duration, earliestStart: 0, latestStart: 4 - s.duration, price: s.price, minAcceptanceRatio: s.ratio })),
      };
      const result = await clearBook(book, { timings: false });
      const reasons = bidReasons(book, result);
      for (const bid of book.bids) {
        const outcome = result.bids.find((b) => b.id === bid.id)!;
        const r = reasons.get(bid.id);
        if (bid.type === 'block') {
          const full = outcome.accepted && 'ratio' in outcome && outcome.ratio >= 1 - 1e-6;
          expect(r === undefined, bid.id).toBe(full);
          if (r?.reason === 'out-of-the-money') expect(r.shortfall).toBeGreaterThanOrEqual(0);
          if (r?.reason === 'paradoxically-rejected') expect(result.paradoxicallyRejected.includes(bid.id) || r.foregone > 0).toBe(true);
          if (result.paradoxicallyRejected.includes(bid.id)) expect(r?.reason).toBe('paradoxically-rejected');
        } else {
          const mw = 'mw' in outcome ? outcome.mw : [];
          const want = bid.steps.reduce((s, x) => s + x.mw, 0);
          const full = mw.length === bid.to - bid.from && mw.every((x) => Math.abs(x - want) <= 1e-6);
          expect(r === undefined, bid.id).toBe(full);
          // Uniform prices: a curve is cut only by the price (or the reserve), never above it.
          if (r?.reason === 'out-of-the-money') expect(r.shortfall).toBeGreaterThan(0);
        }
      }
    }), { numRuns: 40, seed: 20261203 });
  });
});

describe('reasons in words', () => {
  const ctx = { currency: 'USD', deliveryStart: '2026-12-01T00:00:00Z', intervalMinutes: 60, duration: 4 };
  it('names the amount and the best window, in local time when the auction has a zone', async () => {
    const { reasonInWords } = await import('../../../lib/clearing/reason-words');
    expect(reasonInWords({ reason: 'out-of-the-money', shortfall: 1240, bestStart: 9 }, { ...ctx, timeZone: 'Asia/Karachi' })).toBe('out of the money by 1,240.00 USD at its best start 14:00–18:00 GMT+5');
    expect(reasonInWords({ reason: 'out-of-the-money', shortfall: 12.5, bestStart: 9 }, ctx)).toBe('out of the money by 12.50 USD at its best start 09:00–13:00 UTC');
    expect(reasonInWords({ reason: 'out-of-the-money', shortfall: 3 }, ctx)).toBe('out of the money by 3.00 USD at the clearing prices');
    expect(reasonInWords({ reason: 'paradoxically-rejected', foregone: 80, bestStart: 0 }, ctx)).toBe('paradoxically rejected: would have gained 80.00 USD at 00:00–04:00 UTC');
    expect(reasonInWords({ reason: 'below-reserve' }, ctx)).toBe('priced below the reserve price');
  });
});
