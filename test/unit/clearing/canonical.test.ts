import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { bookDigest, canonicalBook, clearBook, compareCodePoints, serializeResult } from '../../../lib/clearing';
import { ResultSchema } from '../../../schemas/result';
import { renderSchemas } from '../../../scripts/export-schemas';
import { block, book, curve } from './book-fixtures';

describe('canonical book and digest', () => {
  const b = book([[100, 30]], [curve('z', 0, 1, [[10, 50]]), block('a', 5, 1, 0, 0, 90)]);

  it('sorts keys and bids, keeps no whitespace, and ignores input order', () => {
    const text = canonicalBook(b);
    expect(text.startsWith('{"auction":{"currency":"USD","deliveryStart"')).toBe(true);
    expect(text.indexOf('"id":"a"')).toBeLessThan(text.indexOf('"id":"z"'));
    expect(text).not.toMatch(/\s/);
    expect(canonicalBook({ ...b, bids: [...b.bids].reverse() })).toBe(text);
    expect(bookDigest({ ...b, bids: [...b.bids].reverse() })).toBe(bookDigest(b));
  });

  it('digests the canonical bytes with SHA-256', async () => {
    const { createHash } = await import('node:crypto');
    expect(bookDigest(b)).toBe(`sha256:${createHash('sha256').update(canonicalBook(b)).digest('hex')}`);
  });

  it('orders ids by code point, not by UTF-16 unit', () => {
    // U+FF5E (one unit, 0xFF5E) sorts before U+1F600 (surrogates 0xD83D…) by code point.
    expect(compareCodePoints('\uFF5E', '\u{1F600}')).toBeLessThan(0);
    expect(['b', 'a', 'B'].sort(compareCodePoints)).toEqual(['B', 'a', 'b']);
  });

  it('serialises results with a fixed layout and a trailing newline, and they parse back', async () => {
    const r = await clearBook(b);
    const text = serializeResult(r);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.split('\n')[1]).toBe('  "format": "surplus-clearing/v1",');
    expect(ResultSchema.parse(JSON.parse(text))).toEqual(r);
  });
});

describe('exported JSON Schemas', () => {
  it('are current (run npm run schemas:export after changing schemas/)', async () => {
    for (const [file, text] of Object.entries(renderSchemas())) {
      expect(await readFile(new URL(`../../../schemas/${file}`, import.meta.url), 'utf8'), file).toBe(text);
    }
  });
});
