// The result CSV's rendering (lib/lifecycle/result-csv.ts): amounts in whole minor units of the
// currency, and pages that stay under 4 MB at national size (22,000 bids × 96 intervals, ids as
// long as the schemas allow) and, concatenated, hold every row once, amounts summing exactly.
import { describe, expect, it } from 'vitest';
import { formatMinor, minorDigits, resultCsvBids, resultCsvPage, RESULT_CSV_PAGE_BYTES, type ResultCsvPosition } from '../../../lib/lifecycle/result-csv';
import { resultAmounts } from '../../../lib/lifecycle/result-amounts';
import type { Book } from '../../../schemas/book';
import type { ClearingResult } from '../../../schemas/result';

describe('result CSV', () => {
  it('renders whole minor units in the currency\'s digits', () => {
    expect(minorDigits('USD')).toBe(2);
    expect(minorDigits('JPY')).toBe(0);
    expect(minorDigits('BHD')).toBe(3);
    expect(formatMinor(123456, 2)).toBe('1234.56');
    expect(formatMinor(5, 2)).toBe('0.05');
    expect(formatMinor(-5, 2)).toBe('-0.05');
    expect(formatMinor(0, 2)).toBe('0.00');
    expect(formatMinor(1234, 0)).toBe('1234');
    expect(formatMinor(1234, 3)).toBe('1.234');
  });

  it('pages a national result under 4 MB each, every row exactly once', async () => {
    const n = 96;
    const bidCount = 22_000;
    const longId = (i: number, length: number) => `${String(i).padStart(6, '0')}-`.padEnd(length, 'x');
    const book: Book = {
      format: 'surplus-auction/v1',
      auction: { id: 'A'.repeat(128), zone: 'PK-NATIONAL', deliveryStart: '2026-12-01T00:00:00Z', intervalMinutes: 15, currency: 'USD', pricing: 'uniform', timeZone: 'Asia/Karachi' },
      intervals: Array.from({ length: n }, () => ({ surplusMw: 30_000, reservePrice: 30 })),
      bids: Array.from({ length: bidCount }, (_, i) => ({
        id: longId(i, 128), bidder: longId(Math.floor(i / 2), 64), class: 'mining' as const, type: 'curve' as const, from: 0, to: n, steps: [{ mw: 1.234567, price: 41.37 }],
      })),
    };
    const result: ClearingResult = {
      format: 'surplus-clearing/v1', auctionId: book.auction.id, inputDigest: `sha256:${'ab'.repeat(32)}`,
      intervals: Array.from({ length: n }, () => ({ price: 41.37, aiMw: 0, miningMw: 1.234567 * bidCount, unallocatedMw: 0 })),
      bids: book.bids.map((b) => ({ id: b.id, accepted: true, mw: Array.from({ length: n }, () => 1.234567) })),
      welfare: 0, bound: 0, optimal: true, paradoxicallyRejected: [], stats: {},
    };
    const bids = resultCsvBids(book, result, { role: 'operator' });
    const amounts = await resultAmounts(book, result);
    let from: ResultCsvPosition | undefined = { bid: 0, row: 0 };
    let rows = 0;
    let pages = 0;
    let largest = 0;
    let cents = 0;
    let total = 0;
    let offProduct = 0;
    while (from) {
      const page = resultCsvPage(book, result, bids, amounts, book.auction.timeZone, from, 20_000);
      largest = Math.max(largest, Buffer.byteLength(page.csv));
      total += Buffer.byteLength(page.csv);
      rows += page.rows;
      pages++;
      for (const line of page.csv.split('\r\n').slice(1, -1)) {
        const amount = Number(line.split(',')[13]!.replace('.', ''));
        // Each row within one cent of its own product…
        if (Math.abs(amount - 1.234567 * 0.25 * 41.37 * 100) > 1) offProduct++;
        cents += amount;
      }
      from = page.next;
    }
    expect(rows).toBe(bidCount * n);
    // …and the column sums exactly to the totals rounded once per interval (energy to 1e-6 MWh,
    // then the amount to the cent), as the settlement rounds.
    const perInterval = Math.round(Number(((Math.round(bidCount * 1.234567 * 0.25 * 1e6) / 1e6) * 41.37 * 100).toPrecision(15)));
    expect(cents).toBe(perInterval * n);
    expect(offProduct).toBe(0);
    expect(largest).toBeLessThanOrEqual(RESULT_CSV_PAGE_BYTES);
    expect(largest).toBeGreaterThan(RESULT_CSV_PAGE_BYTES * 0.9);
    // Full pages: no more pages than the bytes need (a row is at most ~500 bytes here).
    expect(pages).toBeLessThanOrEqual(Math.ceil(total / (RESULT_CSV_PAGE_BYTES - 1000)));
  }, 120_000);
});
