import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { curtail } from '../../../lib/lifecycle/curtail';
import { parseCurtailmentBook, parseCurtailmentResult } from '../../../lib/store/repositories/curtailment-inputs';
import { dispatchFromResult } from '../../../lib/lifecycle/dispatch';
import { bookAndDispatch, revisionsFor } from '../lifecycle/fixtures';
import { generateBook } from '../../../bench/book-generator';

const NOW = new Date('2026-11-30T23:00:00Z');

describe('curtailment inputs: the lean parse of the published book and result', () => {
  it('curtails to the same bytes as the whole book', () => {
    fc.assert(fc.property(bookAndDispatch.chain((s) => fc.record({ s: fc.constant(s), revisions: revisionsFor(s.dispatch, s.book.intervals.length) })), ({ s, revisions }) => {
      const book = { ...s.book, bids: s.book.bids.map((b, i) => (i % 3 === 0 ? { ...b, firmness: b.type === 'block' ? 'interruptible' as const : 'firm' as const } : b)) };
      const lean = parseCurtailmentBook(JSON.stringify(book));
      expect(JSON.stringify(curtail({ book: lean, dispatch: s.dispatch, revisions, noticeTime: NOW })))
        .toBe(JSON.stringify(curtail({ book, dispatch: s.dispatch, revisions, noticeTime: NOW })));
    }), { numRuns: 200 });
  });

  it('keeps only the fields curtailment reads, and builds the same dispatch version 0', () => {
    const book = generateBook({ seed: 3, intervals: 24, intervalMinutes: 60, miners: 30, blocks: 10 });
    const lean = parseCurtailmentBook(JSON.stringify({ ...book, bids: book.bids.map((b) => ({ ...b, workload: { kind: 'gpu' } })) }));
    expect(Object.keys(lean.bids[0]!).sort()).not.toContain('workload');
    expect(Object.keys(lean.bids[0]!)).not.toContain('class');
    const result = { bids: book.bids.map((b) => (b.type === 'curve' ? { id: b.id, accepted: true, mw: Array.from({ length: b.to - b.from }, () => b.steps[0]!.mw) } : { id: b.id, accepted: true, start: b.earliestStart, ratio: 1 })) };
    expect(dispatchFromResult(lean, parseCurtailmentResult(JSON.stringify(result)))).toEqual(dispatchFromResult(book, result));
  });

  it('still refuses what would break the cut: wrong types, negative MW, an unknown bid type', () => {
    const book = generateBook({ seed: 3, intervals: 24, intervalMinutes: 60, miners: 3, blocks: 1 });
    const curve = book.bids.find((b) => b.type === 'curve')!;
    const bad = (f: (b: Record<string, unknown>) => Record<string, unknown>) => () => parseCurtailmentBook(JSON.stringify({ ...book, bids: [...book.bids, f({ ...curve, id: 'zz' })] }));
    expect(bad((b) => b)).not.toThrow();
    expect(bad((b) => ({ ...b, from: 'zero' }))).toThrow();
    expect(bad((b) => ({ ...b, steps: [{ mw: -1, price: 50 }] }))).toThrow();
    expect(bad((b) => ({ ...b, type: 'other' }))).toThrow();
    expect(bad((b) => ({ ...b, firmness: 'maybe' }))).toThrow();
    expect(() => parseCurtailmentResult(JSON.stringify({ bids: [{ id: 'x', accepted: true, mw: [1, -2] }] }))).toThrow();
    expect(() => parseCurtailmentResult('{"bids":[{"id":"x","accepted":true,"mw":[1,2]}]')).toThrow();
  });
});
