// The MWh and amounts of the result CSV's rows (result-csv.ts), by the settlement's rounding rule
// (settle.ts, docs/lifecycle.md § Settlement) applied to the allocation: per interval, energy is
// rounded ONCE to 1e-6 MWh and split over the rows by largest remainder; per interval and price,
// the amount Σ MWh × price is rounded ONCE to the currency's minor unit and split the same way.
// So the amounts sum exactly to the rounded totals, no row is more than one unit off its own
// product, and — with no curtailment — every row with MW is its settlement line to the cent.
// Computed once per published result over every bid (a bidder's rows are the operator's rows),
// an interval at a time with a turn of the event loop between (a national result takes seconds).
import type { Book } from '../../schemas/book';
import type { ClearingResult } from '../../schemas/result';
import { intervalHours } from '../kernel/interval-time';
import { apportion } from './apportion';
import { forEachRow, minorDigits, resultCsvBids } from './result-csv';

export interface ResultAmounts {
  /** Index of each bid's first row among all the auction's rows (operator order). */
  offsets: Map<string, number>;
  /** Per row: MWh in whole 1e-6 MWh. */
  microMwh: Float64Array;
  /** Per row: the amount in whole minor units of the currency. */
  minor: Float64Array;
  digits: number;
}

export async function resultAmounts(book: Book, result: ClearingResult): Promise<ResultAmounts> {
  const hours = intervalHours(book.auction);
  const digits = minorDigits(book.auction.currency);
  const offsets = new Map<string, number>();
  const interval: number[] = [];
  const energy: number[] = [];
  const price: number[] = [];
  for (const { bid, entry } of resultCsvBids(book, result, { role: 'operator' })) {
    offsets.set(bid.id, interval.length);
    forEachRow(book, result, bid, entry, (t, _step, mw, p) => { interval.push(t); energy.push(mw * hours); price.push(p); });
  }
  const microMwh = new Float64Array(interval.length);
  const minor = new Float64Array(interval.length);
  const byInterval = book.intervals.map(() => [] as number[]);
  interval.forEach((t, i) => byInterval[t]!.push(i));
  for (const rows of byInterval) {
    const units = apportion(rows.map((i) => energy[i]!), 1e6);
    rows.forEach((i, k) => { microMwh[i] = units[k]!; });
    const byPrice = new Map<number, number[]>();
    for (const i of rows) {
      const group = byPrice.get(price[i]!);
      if (group) group.push(i); else byPrice.set(price[i]!, [i]);
    }
    for (const group of byPrice.values()) {
      const amounts = apportion(group.map((i) => (microMwh[i]! / 1e6) * price[i]!), 10 ** digits);
      group.forEach((i, k) => { minor[i] = amounts[k]!; });
    }
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return { offsets, microMwh, minor, digits };
}
