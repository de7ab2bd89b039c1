import { describe, expect, it } from 'vitest';
import { assembleBook, BookAssemblyError, forecastAtGate } from '../../../lib/lifecycle/assemble-book';
import { BookSchema } from '../../../schemas/book';
import type { StoredBid, StoredForecast } from '../../../lib/lifecycle/ports';
import { auction, shuffled } from './fixtures';

const a = auction({ intervalCount: 2 });
const forecasts: StoredForecast[] = [
  { version: 1, createdAt: '2026-11-29T10:00:00Z', intervals: [{ surplusMw: 100, reservePrice: 30 }, { surplusMw: 90, reservePrice: 30 }] },
  { version: 2, createdAt: '2026-11-30T21:00:00Z', intervals: [{ surplusMw: 120, reservePrice: 31, note: 'stored extra' }, { surplusMw: 80, reservePrice: 32 }] },
  { version: 3, createdAt: '2026-12-01T00:10:00Z', intervals: [{ surplusMw: 50, reservePrice: 31 }, { surplusMw: 50, reservePrice: 32 }] }, // a curtailment revision
];
const bids: StoredBid[] = [
  { id: 'b-2', bidder: 'tenant-3', class: 'ai', type: 'block', mw: 120, duration: 1, earliestStart: 0, latestStart: 1, price: 95, minAcceptanceRatio: 1,
    workload: { kind: 'gpu', model: 'H100-SXM', count: 4096, pue: 1.3 }, createdAt: '2026-11-29T11:00:00Z', auctionId: 'A1', pk: 'AUCTION#A1' },
  { id: 'b-1', bidder: 'miner-7', class: 'mining', type: 'curve', from: 0, to: 2, steps: [{ mw: 40, price: 70 }, { mw: 25, price: 52.5 }], createdAt: '2026-11-29T12:00:00Z', updatedAt: 'x' },
];

describe('assembleBook', () => {
  it('maps stored auction, the forecast at gate closure and the bids to a valid book, stripping bookkeeping', () => {
    const book = assembleBook(a, forecasts, bids);
    expect(BookSchema.parse(book)).toEqual(book);
    expect(book.intervals).toEqual([{ surplusMw: 120, reservePrice: 31 }, { surplusMw: 80, reservePrice: 32 }]);
    expect(book.auction).toEqual({ id: 'A1', zone: 'PK-NORTH', deliveryStart: '2026-12-01T00:00:00Z', intervalMinutes: 15, currency: 'USD', pricing: 'uniform' });
    expect(book.bids.map((b) => b.id)).toEqual(['b-1', 'b-2']);
    expect(Object.keys(book.bids[1]!)).toEqual(['id', 'bidder', 'class', 'type', 'mw', 'duration', 'earliestStart', 'latestStart', 'price', 'minAcceptanceRatio', 'workload']);
    expect(book.bids[0]).toEqual({ id: 'b-1', bidder: 'miner-7', class: 'mining', type: 'curve', from: 0, to: 2, steps: [{ mw: 40, price: 70 }, { mw: 25, price: 52.5 }] });
  });
  it('carries the auction\'s timeZone into the book only when it names one (books without it keep their bytes)', () => {
    const zoned = assembleBook({ ...a, timeZone: 'Asia/Karachi' }, forecasts, bids);
    expect(BookSchema.parse(zoned).auction.timeZone).toBe('Asia/Karachi');
    expect('timeZone' in assembleBook(a, forecasts, bids).auction).toBe(false);
  });
  it('gives the same bytes whatever the order of stored bids and forecast versions', () => {
    const ref = JSON.stringify(assembleBook(a, forecasts, bids));
    for (let seed = 1; seed < 6; seed++) expect(JSON.stringify(assembleBook(a, shuffled(forecasts, seed), shuffled(bids, seed)))).toBe(ref);
  });
  it('takes the latest forecast created at or before gate closure', () => {
    expect(forecastAtGate(forecasts, '2026-11-30T22:00:00Z')?.version).toBe(2);
    expect(forecastAtGate(forecasts, '2026-11-30T20:00:00Z')?.version).toBe(1);
    expect(forecastAtGate(forecasts, '2026-11-28T00:00:00Z')).toBeUndefined();
  });
  it('fails (permanently) without a forecast at gate closure or with a wrong interval count', () => {
    expect(() => assembleBook(auction({ gateClosure: '2026-11-28T00:00:00Z', intervalCount: 2 }), forecasts, bids)).toThrow(BookAssemblyError);
    expect(() => assembleBook(auction({ intervalCount: 3 }), forecasts, bids)).toThrow(/2 intervals, the auction 3/);
  });
});
