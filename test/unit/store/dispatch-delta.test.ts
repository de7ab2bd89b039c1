import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { curtail } from '../../../lib/lifecycle/curtail';
import { applyDispatchDelta, dispatchDelta } from '../../../lib/store/dispatch-delta';
import { storedForm } from '../../../lib/store/repositories/curtailment-repository';
import { RecordDispatchSchema } from '../../../lib/store/repositories/curtailment-inputs';
import { DispatchDeltaSchema, StoredCurtailmentRecordSchema, type Dispatch } from '../../../schemas/lifecycle';
import { bookAndDispatch, revisionsFor } from '../lifecycle/fixtures';

const NOW = new Date('2026-11-30T23:00:00Z');
const viaJson = <T>(x: T): unknown => JSON.parse(JSON.stringify(x));

describe('dispatch deltas: a curtailment version stored as the rows it changed', () => {
  it('a chain of curtailments rebuilds every version exactly, through the stored JSON', () => {
    const chain = bookAndDispatch.chain((s) => fc.record({
      s: fc.constant(s),
      steps: fc.array(revisionsFor(s.dispatch, s.book.intervals.length), { minLength: 3, maxLength: 5 }),
    }));
    fc.assert(fc.property(chain, ({ s, steps }) => {
      // Rows in bidId order, as every stored dispatch has them (curtail() returns them so).
      let direct: Dispatch = { ...s.dispatch, bids: [...s.dispatch.bids].sort((a, b) => (a.bidId < b.bidId ? -1 : a.bidId > b.bidId ? 1 : 0)) };
      let rebuilt: Dispatch = structuredClone(direct);
      for (const revisions of steps) {
        const out = curtail({ book: s.book, dispatch: direct, revisions, noticeTime: NOW });
        if (out.changes.length === 0) continue;
        const delta = dispatchDelta(direct, out.dispatch);
        expect(delta).toBeDefined();
        // Only changed rows, only changed intervals.
        for (const row of delta!.bids) {
          const i = direct.bids.findIndex((b) => b.bidId === row.bidId);
          for (const [k, t] of row.index.entries()) {
            expect(out.dispatch.bids[i]!.mw[t]).toBe(row.mw[k]);
            expect(direct.bids[i]!.mw[t]).not.toBe(row.mw[k]);
          }
        }
        expect(delta!.bids.length).toBe(new Set(out.changes.map((c) => c.bidId)).size);
        rebuilt = applyDispatchDelta(rebuilt, DispatchDeltaSchema.parse(viaJson(delta)));
        direct = out.dispatch;
        expect(JSON.stringify(rebuilt)).toBe(JSON.stringify(direct));
      }
    }), { numRuns: 200 });
  });

  it('a record is stored with its delta when the previous version is given and fits, else whole; both forms validate', () => {
    const previous: Dispatch = { auctionId: 'a', version: 1, bids: [{ bidId: 'b1', mw: [1, 2, 3] }, { bidId: 'b2', mw: [4, 5, 6] }] };
    const next: Dispatch = { auctionId: 'a', version: 2, bids: [previous.bids[0]!, { bidId: 'b2', mw: [4, 0, 6] }] };
    const record = { auctionId: 'a', version: 2, at: '2026-12-01T00:00:00.000Z', revisions: [{ index: 1, surplusMw: 6 }], dispatch: next, notices: [] };
    const stored = storedForm(record, previous);
    expect(stored).toEqual({ auctionId: 'a', version: 2, at: record.at, revisions: record.revisions, dispatchDelta: { auctionId: 'a', version: 2, from: 1, bids: [{ bidId: 'b2', index: [1], mw: [0] }] }, notices: [] });
    expect(StoredCurtailmentRecordSchema.parse(viaJson(stored))).toEqual(stored);
    expect(RecordDispatchSchema.parse(viaJson(stored)).dispatchDelta).toEqual(stored.dispatchDelta);
    // No previous, another version, other rows: whole, as before.
    expect(storedForm(record)).toBe(record);
    expect(storedForm(record, { ...previous, version: 0 })).toBe(record);
    expect(storedForm(record, { ...previous, bids: [previous.bids[1]!, previous.bids[0]!] })).toBe(record);
    expect(StoredCurtailmentRecordSchema.parse(viaJson(record))).toEqual(record);
    // Exactly one of the two forms.
    expect(() => StoredCurtailmentRecordSchema.parse({ ...viaJson(stored) as object, dispatch: next })).toThrow();
    const { dispatchDelta: _d, ...neither } = stored;
    expect(() => StoredCurtailmentRecordSchema.parse(neither)).toThrow();
    expect(() => RecordDispatchSchema.parse(neither)).toThrow();
  });

  it('refuses a delta that does not fit the version it is applied to', () => {
    const previous: Dispatch = { auctionId: 'a', version: 1, bids: [{ bidId: 'b1', mw: [1, 2] }, { bidId: 'b2', mw: [3, 4] }] };
    const delta = { auctionId: 'a', version: 2, from: 1, bids: [{ bidId: 'b2', index: [1], mw: [0] }] };
    expect(applyDispatchDelta(previous, delta)).toEqual({ auctionId: 'a', version: 2, bids: [previous.bids[0], { bidId: 'b2', mw: [3, 0] }] });
    expect(previous.bids[1]!.mw).toEqual([3, 4]); // never changed in place
    expect(() => applyDispatchDelta({ ...previous, version: 0 }, delta)).toThrow(/does not follow/);
    expect(() => applyDispatchDelta({ ...previous, auctionId: 'b' }, delta)).toThrow(/does not follow/);
    expect(() => applyDispatchDelta(previous, { ...delta, bids: [{ bidId: 'b9', index: [0], mw: [0] }] })).toThrow(/not in version 1/);
    expect(() => applyDispatchDelta(previous, { ...delta, bids: [{ bidId: 'b2', index: [0], mw: [0] }, { bidId: 'b1', index: [0], mw: [0] }] })).toThrow(/row order/);
    expect(() => applyDispatchDelta(previous, { ...delta, bids: [{ bidId: 'b2', index: [2], mw: [0] }] })).toThrow(/interval 2/);
    // The schema: ascending intervals, one MW each, MW ≥ 0, from = version − 1.
    for (const bad of [
      { ...delta, bids: [{ bidId: 'b2', index: [1, 0], mw: [0, 0] }] },
      { ...delta, bids: [{ bidId: 'b2', index: [0, 1], mw: [0] }] },
      { ...delta, bids: [{ bidId: 'b2', index: [0], mw: [-1] }] },
      { ...delta, from: 0 },
    ]) expect(() => DispatchDeltaSchema.parse(bad)).toThrow();
  });
});
