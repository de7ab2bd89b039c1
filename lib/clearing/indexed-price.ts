// Indexed curve steps (SPEC §1): a miner bids a share of hashprice rather than a price. Hashprice
// is revenue per PH/s per day; a PH/s at J per TH draws 0.024 × J/TH MWh a day, so the step's
// price per MWh is share × hashprice / (0.024 × jPerTh). Rounded to 1e-6 so that the book carries
// the same number on every machine.
import type { Book, CurveStep, Indices, PriceIndexRef } from '../../schemas/book';

const MWH_PER_PH_DAY_PER_J_PER_TH = 0.024;

/** The price per MWh of an indexed step, or undefined when the book has no value for its index. */
export function indexedPrice(ref: PriceIndexRef, indices: Indices | undefined): number | undefined {
  const value = indices?.[ref.name]?.value;
  if (value === undefined) return undefined;
  const price = (ref.share * value) / (MWH_PER_PH_DAY_PER_J_PER_TH * ref.jPerTh);
  return Math.round(price * 1e6) / 1e6;
}

/** The price a book must carry for a step: its own, or its index's (0 when the index is missing). */
export function bookStepPrice(step: { price?: number | undefined; index?: PriceIndexRef | undefined }, indices: Indices | undefined): number {
  return step.index ? (indexedPrice(step.index, indices) ?? 0) : (step.price ?? 0);
}

/** An indexed step whose index has no value in the book: never accepted (reason `no-index`). */
export function isUnpriced(step: CurveStep, indices: Indices | undefined): boolean {
  return step.index !== undefined && indexedPrice(step.index, indices) === undefined;
}

/**
 * The book the engine clears: unpriced steps removed (a curve left with none asks for nothing).
 * The same object when there are none, so books without indices clear exactly as before.
 */
export function pricedBook(book: Book): Book {
  if (!book.bids.some((b) => b.type === 'curve' && b.steps.some((s) => isUnpriced(s, book.indices)))) return book;
  return {
    ...book,
    bids: book.bids.map((b) => (b.type === 'curve' && b.steps.some((s) => isUnpriced(s, book.indices)) ? { ...b, steps: b.steps.filter((s) => !isUnpriced(s, book.indices)) } : b)),
  };
}
