// Canonical serialisation of a book: the bytes behind `inputDigest`, so anyone can recompute it.
// Rules (docs/clearing.md): object keys sorted by code point at every level, bids sorted by id
// (code point order), every other array kept in its order, numbers in ECMAScript's shortest
// round-trip form (JSON.stringify), no whitespace, UTF-8.
import { createHash } from 'node:crypto';
import type { Book } from '../../schemas/book';

/** Code point order (not UTF-16 code unit order), so ids outside the BMP sort as in UTF-8. */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const sx = x >= 0xd800 && x <= 0xdfff;
    const sy = y >= 0xd800 && y <= 0xdfff;
    // A surrogate stands for a code point above U+FFFF, so it sorts after any other unit.
    if (sx !== sy) return sx ? 1 : -1;
    return x < y ? -1 : 1;
  }
  return a.length < b.length ? -1 : 1;
}

function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && Object.is(value, -0)) return '0';
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const o = value as Record<string, unknown>;
  const parts: string[] = [];
  for (const k of Object.keys(o).sort(compareCodePoints)) {
    if (o[k] !== undefined) parts.push(`${JSON.stringify(k)}:${canonicalJson(o[k])}`);
  }
  return `{${parts.join(',')}}`;
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
