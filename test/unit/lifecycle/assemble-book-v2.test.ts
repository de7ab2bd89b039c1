// Book assembly with the market design v2 fields (issue #10): firmMw, firmness, exclusiveGroup,
// parentId, profile and indexed steps reach the book in the book's key order; links a race left
// invalid are left out by a rule on the bids alone, so any stored set assembles to a book that
// validateBook accepts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assembleBook, unlinkableBlocks } from '../../../lib/lifecycle/assemble-book';
import { validateBook } from '../../../lib/clearing/validate-book';
import type { StoredBid, StoredForecast } from '../../../lib/lifecycle/ports';
import { auction, shuffled } from './fixtures';

const a = auction({ intervalCount: 4 });
const forecasts: StoredForecast[] = [{ version: 1, createdAt: '2026-11-29T10:00:00Z', intervals: [
  { surplusMw: 100, reservePrice: 30, firmMw: 60 }, { surplusMw: 100, reservePrice: 30 }, { surplusMw: 90, reservePrice: 30, firmMw: 90 }, { surplusMw: 80, reservePrice: 30, firmMw: 0 },
] }];
const stamp = { auctionId: 'A1', createdAt: '2026-11-29T11:00:00Z', updatedAt: '2026-11-29T11:00:00Z' };
const blk = (id: string, bidder: string, extra: Record<string, unknown> = {}): StoredBid =>
  ({ id, bidder, class: 'ai', type: 'block', mw: 10, duration: 2, earliestStart: 0, latestStart: 2, price: 80, minAcceptanceRatio: 1, ...stamp, ...extra });
const crv = (id: string, bidder: string): StoredBid => ({ id, bidder, class: 'mining', type: 'curve', from: 0, to: 4, steps: [{ mw: 5, price: 50 }], ...stamp });

describe('assembleBook, v2 fields', () => {
  it('carries firmMw, firmness, exclusiveGroup, parentId, profile and the step index, in the book\'s key order', () => {
    const bids: StoredBid[] = [
      blk('b1', 't', { exclusiveGroup: 'g', firmness: 'interruptible' }),
      blk('b2', 't', { mw: undefined, profile: [5, 7], parentId: 'b1' }),
      { ...crv('c1', 'm'), firmness: 'firm', steps: [{ mw: 5, index: { name: 'hashprice', jPerTh: 20, share: 1 } }] },
    ];
    const book = assembleBook({ ...a, indices: { hashprice: { value: 48, asOf: '2026-11-29T00:00:00Z', source: 's' } } }, forecasts, bids);
    expect(validateBook(book)).toMatchObject({ ok: true });
    expect(book.intervals).toEqual(forecasts[0]!.intervals);
    expect(Object.keys(book.bids[0]!)).toEqual(['id', 'bidder', 'class', 'type', 'mw', 'firmness', 'exclusiveGroup', 'duration', 'earliestStart', 'latestStart', 'price', 'minAcceptanceRatio']);
    expect(Object.keys(book.bids[1]!)).toEqual(['id', 'bidder', 'class', 'type', 'profile', 'parentId', 'duration', 'earliestStart', 'latestStart', 'price', 'minAcceptanceRatio']);
    expect(book.bids[2]).toEqual({ id: 'c1', bidder: 'm', class: 'mining', type: 'curve', firmness: 'firm', from: 0, to: 4, steps: [{ mw: 5, price: 100, index: { name: 'hashprice', jPerTh: 20, share: 1 } }] });
  });

  it('leaves out blocks whose link is invalid: missing, another bidder\'s, a curve, itself, two levels, cycles — and their children', () => {
    const bids = [
      blk('p', 't'), blk('ok', 't', { parentId: 'p' }), blk('ok2', 't', { parentId: 'p' }),
      blk('missing', 't', { parentId: 'gone' }), blk('under-missing', 't', { parentId: 'missing' }),
      blk('foreign', 'u', { parentId: 'p' }), blk('to-curve', 'm', { parentId: 'c' }), crv('c', 'm'),
      blk('self', 't', { parentId: 'self' }), blk('two-levels', 't', { parentId: 'ok' }),
      blk('x', 't', { parentId: 'y' }), blk('y', 't', { parentId: 'x' }),
    ];
    const book = assembleBook(a, forecasts, bids);
    expect(validateBook(book)).toMatchObject({ ok: true });
    expect(book.bids.map((b) => b.id)).toEqual(['c', 'ok', 'ok2', 'p']);
    expect([...unlinkableBlocks(book.bids)]).toEqual([]);
  });

  it('any stored set of links assembles, in any order, to the same book that validateBook accepts', () => {
    const ids = ['a', 'b', 'c', 'd', 'e', 'f'];
    const arb = fc.array(fc.record({
      id: fc.constantFrom(...ids), bidder: fc.constantFrom('t', 'u'), curve: fc.boolean(),
      parentId: fc.option(fc.constantFrom(...ids, 'zz'), { nil: undefined }), group: fc.option(fc.constantFrom('g', 'h'), { nil: undefined }),
    }), { maxLength: 8 }).map((rows) => {
      const seen = new Set<string>();
      return rows.filter((r) => !seen.has(r.id) && seen.add(r.id)).map((r): StoredBid => (r.curve ? crv(r.id, r.bidder)
        : blk(r.id, r.bidder, { ...(r.parentId ? { parentId: r.parentId } : {}), ...(r.group ? { exclusiveGroup: r.group } : {}) })));
    });
    fc.assert(fc.property(arb, fc.integer({ min: 1, max: 1000 }), (bids, seed) => {
      const book = assembleBook(a, forecasts, bids);
      const v = validateBook(book);
      expect(v.ok, JSON.stringify(!v.ok && v.issues)).toBe(true);
      expect(JSON.stringify(assembleBook(a, forecasts, shuffled(bids, seed)))).toBe(JSON.stringify(book));
      // Only linked blocks are ever left out.
      const kept = new Set(book.bids.map((b) => b.id));
      for (const b of bids) if (!kept.has(b.id)) expect(b.type === 'block' && b.parentId !== undefined).toBe(true);
    }), { seed: 10_010, numRuns: 300 });
  });
});
