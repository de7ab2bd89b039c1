import { describe, expect, it } from 'vitest';
import { validateBook } from '../../../lib/clearing';
import { block, book, curve } from './book-fixtures';

const valid = () => book(Array.from({ length: 96 }, () => [100, 30] as [number, number]), [curve('c', 0, 96, [[40, 70]]), block('k', 10, 8, 4, 40, 95)]);

function issuesOf(mutate: (b: Record<string, any>) => void): { path: string; message: string }[] {
  const b = JSON.parse(JSON.stringify(valid())) as Record<string, any>;
  mutate(b);
  const v = validateBook(b);
  expect(v.ok).toBe(false);
  return v.ok ? [] : v.issues;
}

describe('validateBook', () => {
  it('accepts a valid book and fills the defaults', () => {
    const b = JSON.parse(JSON.stringify(valid()));
    delete b.auction.pricing;
    delete b.auction.currency;
    const v = validateBook(b);
    expect(v.ok).toBe(true);
    if (v.ok) expect(v.book.auction).toMatchObject({ pricing: 'uniform', currency: 'USD' });
  });

  it.each([
    ['a non-positive step mw', (b: any) => { b.bids[0].steps[0].mw = 0; }, 'bids[0].steps[0].mw', 'must be > 0'],
    ['a latest start past the end', (b: any) => { b.bids[1].latestStart = 95; }, 'bids[1].latestStart', '95 > intervals − duration = 88'],
    ['an earliest start after the latest', (b: any) => { b.bids[1].earliestStart = 41; }, 'bids[1].earliestStart', '41 > latestStart = 40'],
    ['a curve range beyond the last interval', (b: any) => { b.bids[0].to = 97; }, 'bids[0].to', '97 > intervals = 96'],
    ['an empty curve range', (b: any) => { b.bids[0].from = 5; b.bids[0].to = 5; }, 'bids[0].to', '5 ≤ from = 5'],
    ['a duplicate bid id', (b: any) => { b.bids[1].id = 'c'; }, 'bids[1].id', 'duplicate bid id "c" (also bids[0])'],
    ['a non-finite number', (b: any) => { b.intervals[3].surplusMw = Infinity; }, 'intervals[3].surplusMw', 'must be a finite number'],
    ['a negative reserve', (b: any) => { b.intervals[2].reservePrice = -1; }, 'intervals[2].reservePrice', 'must be ≥ 0'],
    ['a MAR of zero', (b: any) => { b.bids[1].minAcceptanceRatio = 0; }, 'bids[1].minAcceptanceRatio', 'must be > 0'],
    ['a fractional duration', (b: any) => { b.bids[1].duration = 2.5; }, 'bids[1].duration', 'must be an integer'],
    ['an unknown field', (b: any) => { b.bids[1].colour = 'red'; }, 'bids[1]', 'unknown field(s): colour'],
    ['a wrong format', (b: any) => { b.format = 'surplus-auction/v2'; }, 'format', 'Invalid input: expected "surplus-auction/v1"'],
  ])('refuses %s, naming the field', (_name, mutate, path, message) => {
    expect(issuesOf(mutate)).toContainEqual({ path, message });
  });

  it('lists every problem in one pass, schema and cross-field alike', () => {
    const issues = issuesOf((b) => { b.bids[0].steps[0].mw = -5; b.bids[1].id = 'c'; b.bids[1].latestStart = 90; });
    expect(issues.map((i) => i.path)).toEqual(['bids[0].steps[0].mw', 'bids[1].id', 'bids[1].latestStart']);
  });

  it('refuses input that is not a book at all', () => {
    expect(validateBook(null)).toMatchObject({ ok: false });
    expect(validateBook([])).toMatchObject({ ok: false });
  });
});
