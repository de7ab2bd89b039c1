// Indexed curve steps in the engine (SPEC §1, §2 `no-index`): a step whose index has no value in
// the book is never guessed at — it takes no part in the clearing. The price formula is the book
// format's (schemas/indexed-price.ts).
import type { Book, CurveStep, Indices } from '../../schemas/book';
import { indexedPrice } from '../../schemas/indexed-price';

export { bookStepPrice, indexedPrice } from '../../schemas/indexed-price';

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
