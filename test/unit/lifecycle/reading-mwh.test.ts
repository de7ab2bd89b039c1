// The words a refused meter reading gets: a number DynamoDB cannot store is named as such.
import { describe, expect, it } from 'vitest';
import { BookSchema } from '../../../schemas/book';
import { readingMwhError } from '../../../lib/lifecycle/meter-readings';

describe('readingMwhError', () => {
  it('explains a value too small to store, even after the book schema has been used', () => {
    BookSchema.safeParse({ intervals: [{ surplusMw: 1e-200 }] }); // zod rewrites the shared refinement options on use
    expect(readingMwhError(1e-200)).toBe('energy must be 0 or at least 1e-9 MWh');
    expect(readingMwhError(-1)).toMatch(/^energy must be 0\.\./);
    expect(readingMwhError(0)).toBeUndefined();
    expect(readingMwhError(12.5)).toBeUndefined();
  });
});
