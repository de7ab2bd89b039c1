// Canonical serialisation of a book: the bytes behind `inputDigest`, so anyone can recompute it.
// Rules (docs/clearing.md): object keys sorted by code point at every level, bids sorted by id
// (code point order), every other array kept in its order, numbers in ECMAScript's shortest
// round-trip form (JSON.stringify), no whitespace, UTF-8.
import { createHash } from 'node:crypto';
import type { Book } from '../../schemas/book';

/** Code point order (not UTF-16 code unit order), so ids outside the BMP sort as in UTF-8. */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done) return y.done ? 0 : -1;
    if (y.done) return 1;
    const cx = x.value.codePointAt(0) ?? 0;
    const cy = y.value.codePointAt(0) ?? 0;
    if (cx !== cy) return cx < cy ? -1 : 1;
  }
}

function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && Object.is(value, -0)) return '0';
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => compareCodePoints(a, b));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** The book with its bids in canonical (id) order. */
export function sortBids(book: Book): Book {
  return { ...book, bids: [...book.bids].sort((a, b) => compareCodePoints(a.id, b.id)) };
}

export function canonicalBook(book: Book): string {
  return canonicalJson(sortBids(book));
}

export function bookDigest(book: Book): string {
  return `sha256:${createHash('sha256').update(canonicalBook(book), 'utf8').digest('hex')}`;
}
