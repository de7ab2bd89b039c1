import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { curtail, curtailmentEventId, validateCurtailment } from '../../../lib/lifecycle/curtail';
import { curveLayers, dispatchFromResult } from '../../../lib/lifecycle/dispatch';
import { CurtailmentNoticeSchema, CurtailmentRequestSchema, DispatchSchema } from '../../../schemas/lifecycle';
import type { Book, CurveBid } from '../../../schemas/book';
import type { ClearingResult } from '../../../schemas/result';
import type { Dispatch } from '../../../schemas/lifecycle';
import { block, book, bookAndDispatch, curve, dispatchOf, revisionsFor, shuffled } from './fixtures';

const NOW = new Date('2026-11-30T23:00:00Z');
const TOL = 1e-9;

function mwOf(d: Dispatch, bidId: string): number[] {
  return d.bids.find((r) => r.bidId === bidId)!.mw;
}

describe('curtail: examples', () => {
  // miner-1: 40 MW @70 + 25 MW @52.5; miner-2: 30 MW @52.5; tenant-3 block 120 MW @95.
  const b = book([
    curve('m1', 'miner-1', [[40, 70], [25, 52.5]]),
    curve('m2', 'miner-2', [[30, 52.5]]),
    block('t3', 'tenant-3', 120, 95, 4),
  ]);
  const d0 = dispatchOf(b, { m1: [65, 65, 65, 65], m2: [30, 30, 30, 30], t3: [120, 120, 120, 120] });

  it('cuts the cheapest curve layer pro rata among equal prices, leaving other intervals alone', () => {
    // 215 dispatched in interval 1; revised to 188 → 27 MW off the 52.5 layer (25 + 30 = 55 MW).
    const out = curtail({ book: b, dispatch: d0, revisions: [{ index: 1, surplusMw: 188 }], noticeTime: NOW });
    const keep = (55 - 27) / 55;
    expect(mwOf(out.dispatch, 'm1')[1]).toBeCloseTo(40 + 25 * keep, 12);
    expect(mwOf(out.dispatch, 'm2')[1]).toBeCloseTo(30 * keep, 12);
    expect(mwOf(out.dispatch, 't3')).toEqual([120, 120, 120, 120]);
    expect(mwOf(out.dispatch, 'm1')).toEqual(expect.arrayContaining([65]));
    expect([0, 2, 3].map((i) => mwOf(out.dispatch, 'm1')[i])).toEqual([65, 65, 65]);
    expect(out.dispatch.version).toBe(1);
    expect(DispatchSchema.parse(out.dispatch)).toEqual(out.dispatch);
  });

  it('reaches the firm block only when curve load in that interval is gone', () => {
    const out = curtail({ book: b, dispatch: d0, revisions: [{ index: 2, surplusMw: 100 }], noticeTime: NOW });
    expect(mwOf(out.dispatch, 'm1')[2]).toBe(0);
    expect(mwOf(out.dispatch, 'm2')[2]).toBe(0);
    expect(mwOf(out.dispatch, 't3')[2]).toBe(100); // the block is cut in this interval only, below its MAR
    expect(mwOf(out.dispatch, 't3')[3]).toBe(120);
  });

  it('cuts an interruptible block with the interruptible curves, by price, before a firm curve', () => {
    // Interval 0: firm curve f1 (30 MW @40) + interruptible block ib (50 MW @80) + curve c1 (20 MW @60).
    const fb = book([
      { ...curve('f1', 'miner-9', [[30, 40]]), firmness: 'firm' },
      { ...block('ib', 'tenant-8', 50, 80, 4), firmness: 'interruptible' },
      curve('c1', 'miner-1', [[20, 60]]),
    ]);
    const d = dispatchOf(fb, { f1: [30, 30, 30, 30], ib: [50, 50, 50, 50], c1: [20, 20, 20, 20] });
    // 100 dispatched, revised to 60: 40 MW of interruptible load goes, the cheapest (c1 @60) first,
    // then 20 of the block @80; the firm curve @40 is untouched although it is the cheapest.
    const out = curtail({ book: fb, dispatch: d, revisions: [{ index: 0, surplusMw: 60 }], noticeTime: NOW });
    expect(mwOf(out.dispatch, 'c1')[0]).toBe(0);
    expect(mwOf(out.dispatch, 'ib')[0]).toBe(30);
    expect(mwOf(out.dispatch, 'f1')[0]).toBe(30);
    // Below the firm level (revised to 20): every interruptible MW is gone, then the firm curve.
    const low = curtail({ book: fb, dispatch: d, revisions: [{ index: 1, surplusMw: 20 }], noticeTime: NOW });
    expect([mwOf(low.dispatch, 'c1')[1], mwOf(low.dispatch, 'ib')[1], mwOf(low.dispatch, 'f1')[1]]).toEqual([0, 0, 20]);
  });

  it('cuts firm curves and firm blocks of equal price pro rata, as one group', () => {
    const fb = book([
      { ...curve('f1', 'miner-9', [[30, 90], [10, 50]]), firmness: 'firm' },
      block('t1', 'tenant-1', 60, 90, 4),
    ]);
    const d = dispatchOf(fb, { f1: [40, 40, 40, 40], t1: [60, 60, 60, 60] });
    // Revised to 45: the firm curve's 10 MW @50 go first, then 45 of the 90 MW @90 (30 + 60) → half each.
    const out = curtail({ book: fb, dispatch: d, revisions: [{ index: 2, surplusMw: 45 }], noticeTime: NOW });
    expect(mwOf(out.dispatch, 'f1')[2]).toBeCloseTo(15, 12);
    expect(mwOf(out.dispatch, 't1')[2]).toBeCloseTo(30, 12);
  });

  it('a book that states the default firmness curtails to the same bytes as one that does not', () => {
    const explicit = book(b.bids.map((x) => ({ ...x, firmness: x.type === 'block' ? 'firm' as const : 'interruptible' as const })));
    const revisions = [{ index: 2, surplusMw: 100 }, { index: 1, surplusMw: 188 }];
    expect(JSON.stringify(curtail({ book: explicit, dispatch: d0, revisions, noticeTime: NOW })))
      .toBe(JSON.stringify(curtail({ book: b, dispatch: d0, revisions, noticeTime: NOW })));
  });

  it('does nothing (no version, no notices) when the revision is not below dispatch', () => {
    const out = curtail({ book: b, dispatch: d0, revisions: [{ index: 0, surplusMw: 215 }, { index: 3, surplusMw: 5000 }], noticeTime: NOW });
    expect(out.dispatch).toEqual(d0);
    expect(out.changes).toEqual([]);
    expect(out.notices).toEqual([]);
  });

  it('builds one notice per affected bidder, OpenADR-mappable, with a deterministic event id', () => {
    const out = curtail({ book: b, dispatch: d0, revisions: [{ index: 2, surplusMw: 100 }, { index: 1, surplusMw: 188 }], noticeTime: NOW });
    expect(out.notices.map((n) => n.bidderId)).toEqual(['miner-1', 'miner-2', 'tenant-3']);
    for (const n of out.notices) expect(CurtailmentNoticeSchema.parse(n)).toEqual(n);
    const m1 = out.notices[0]!;
    expect(m1.eventId).toBe(curtailmentEventId(b.auction.id, 1, 'miner-1'));
    expect(m1.eventId).toMatch(/^[0-9a-f]{64}$/);
    expect(m1.noticeTime).toBe('2026-11-30T23:00:00Z');
    expect(m1.intervals.map((i) => [i.index, i.start, i.duration, i.mwBefore])).toEqual([
      [1, '2026-12-01T00:15:00Z', 'PT15M', 65],
      [2, '2026-12-01T00:30:00Z', 'PT15M', 65],
    ]);
    expect(m1.intervals[1]!.mwAfter).toBe(0);
    expect(m1.event.intervalPeriod).toEqual({ start: '2026-12-01T00:15:00Z', duration: 'PT30M' });
    expect(m1.event.intervals[1]).toEqual({ id: 2, intervalPeriod: { start: '2026-12-01T00:30:00Z', duration: 'PT15M' }, payloads: [{ type: 'IMPORT_CAPACITY_LIMIT', values: [0] }] });
    const t3 = out.notices[2]!;
    expect(t3.intervals).toHaveLength(1);
    expect(t3.intervals[0]!.bids).toEqual([{ bidId: 't3', mwBefore: 120, mwAfter: 100 }]);
  });

  it('notices state MW at 1e-6, without the binary noise of pro-rata sums', () => {
    const thirds = book([curve('a', 'miner-a', [[10, 50]]), curve('b', 'miner-b', [[10, 50]]), curve('c', 'miner-c', [[10, 50]])]);
    const d = dispatchOf(thirds, { a: [10, 10, 10, 10], b: [10, 10, 10, 10], c: [10, 10, 10, 10] });
    const out = curtail({ book: thirds, dispatch: d, revisions: [{ index: 0, surplusMw: 19.579040000000003 }], noticeTime: NOW });
    const values = out.notices.flatMap((n) => n.intervals.flatMap((i) => [i.mwBefore, i.mwAfter, ...i.bids.flatMap((x) => [x.mwBefore, x.mwAfter])]));
    expect(values.length).toBeGreaterThan(0);
    for (const v of values) expect(Math.round(v * 1e6) / 1e6).toBe(v);
  });

  it('applies later curtailments to the dispatch left by earlier ones', () => {
    const one = curtail({ book: b, dispatch: d0, revisions: [{ index: 1, surplusMw: 188 }], noticeTime: NOW });
    const two = curtail({ book: b, dispatch: one.dispatch, revisions: [{ index: 1, surplusMw: 150 }], noticeTime: NOW });
    expect(two.dispatch.version).toBe(2);
    expect(mwOf(two.dispatch, 'm2')[1]).toBe(0);
    expect(mwOf(two.dispatch, 'm1')[1]).toBeCloseTo(30, 9);
    expect(two.notices[0]!.eventId).not.toBe(one.notices[0]!.eventId);
  });

  it('refuses a dispatch that does not fit the book', () => {
    const bad = (rows: Record<string, number[]>) => () => curtail({ book: b, dispatch: dispatchOf(b, { ...{ m1: [0, 0, 0, 0], m2: [0, 0, 0, 0], t3: [0, 0, 0, 0] }, ...rows }), revisions: [{ index: 0, surplusMw: 0 }], noticeTime: NOW });
    expect(bad({ m1: [66, 0, 0, 0] })).toThrow(/does not fit/);
    expect(bad({ t3: [121, 0, 0, 0] })).toThrow(/does not fit/);
    expect(bad({ m2: [0, 0, 0] })).toThrow(/3 intervals/);
    expect(bad({ zz: [0, 0, 0, 0] })).toThrow(/not in the book/);
    expect(bad({})).not.toThrow();
  });

  it('builds dispatch version 0 from a clearing result', () => {
    const result: ClearingResult = {
      format: 'surplus-clearing/v1', auctionId: 'x', inputDigest: `sha256:${'0'.repeat(64)}`,
      intervals: [], welfare: 0, bound: 0, optimal: true, paradoxicallyRejected: [], stats: {},
      bids: [{ id: 't3', accepted: true, start: 2, ratio: 0.5 }, { id: 'm1', accepted: true, mw: [40, 12] }],
    };
    const d = dispatchFromResult(book([curve('m1', 'miner-1', [[40, 70]], 1, 3), block('t3', 'tenant-3', 120, 95, 2, 1)]), result);
    expect(d.bids).toEqual([{ bidId: 'm1', mw: [0, 40, 12, 0] }, { bidId: 't3', mw: [0, 0, 60, 60] }]);
  });
});

describe('validateCurtailment', () => {
  const auction = { deliveryStart: '2026-12-01T00:00:00Z', intervalMinutes: 15, intervalCount: 4 };
  it('accepts future intervals and rejects started or unknown ones with field paths', () => {
    const now = new Date('2026-12-01T00:20:00Z');
    expect(validateCurtailment(auction, [{ index: 2, surplusMw: 1 }], now)).toEqual([]);
    const issues = validateCurtailment(auction, [{ index: 1, surplusMw: 1 }, { index: 9, surplusMw: 1 }], now);
    expect(issues.map((i) => i.path)).toEqual([['intervals', 0, 'index'], ['intervals', 1, 'index']]);
    expect(validateCurtailment(auction, [{ index: 2, surplusMw: 1 }], now, 15 * 60_000)).toHaveLength(1);
  });
  it('request schema rejects a repeated interval', () => {
    const r = CurtailmentRequestSchema.safeParse({ intervals: [{ index: 1, surplusMw: 1 }, { index: 1, surplusMw: 2 }] });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['intervals', 1, 'index']);
  });
});

// ------------------------------------------------------------------ properties

const scenario = bookAndDispatch.chain((s) => fc.record({
  book: fc.constant(s.book), dispatch: fc.constant(s.dispatch),
  revisions: revisionsFor(s.dispatch, s.book.intervals.length), seed: fc.integer(),
}));

/** The same scenarios with some bids' firmness stated against the default (firm curves, interruptible blocks). */
const firmnessScenario = scenario.chain((s) => fc.array(fc.constantFrom<'firm' | 'interruptible' | undefined>('firm', 'interruptible', undefined), { minLength: s.book.bids.length, maxLength: s.book.bids.length })
  .map((f) => ({ ...s, book: { ...s.book, bids: s.book.bids.map((b, i) => (f[i] ? { ...b, firmness: f[i] } : b)) } })));

/** MW removed from each (tier, price) layer of every bid in one interval. */
function cutsAt(bk: Book, before: Dispatch, after: Dispatch, t: number) {
  const out: { bidId: string; tier: 0 | 1; price: number; before: number; after: number }[] = [];
  for (const bid of bk.bids) {
    const x = mwOf(before, bid.id)[t]!;
    const y = mwOf(after, bid.id)[t]!;
    const tier = (bid.firmness ?? (bid.type === 'block' ? 'firm' : 'interruptible')) === 'firm' ? 1 : 0;
    if (bid.type === 'block') { if (x > 0) out.push({ bidId: bid.id, tier, price: bid.price, before: x, after: y }); continue; }
    const la = new Map(curveLayers(bid as CurveBid, y).map((l) => [l.price, l.mw]));
    for (const l of curveLayers(bid as CurveBid, x)) out.push({ bidId: bid.id, tier, price: l.price, before: l.mw, after: la.get(l.price) ?? 0 });
  }
  return out;
}

describe('curtail: properties', () => {
  const run = (s: { book: Book; dispatch: Dispatch; revisions: { index: number; surplusMw: number }[] }) =>
    curtail({ book: s.book, dispatch: s.dispatch, revisions: s.revisions, noticeTime: NOW });

  it('never exceeds the revised surplus, curtails no more than needed, never raises, leaves other intervals alone', () => {
    fc.assert(fc.property(scenario, (s) => {
      const out = run(s);
      const revised = new Map(s.revisions.map((r) => [r.index, r.surplusMw]));
      for (let t = 0; t < s.book.intervals.length; t++) {
        let before = 0;
        let after = 0;
        for (const r of s.dispatch.bids) {
          const x = r.mw[t]!;
          const y = mwOf(out.dispatch, r.bidId)[t]!;
          expect(y).toBeLessThanOrEqual(x);
          expect(y).toBeGreaterThanOrEqual(0);
          if (!revised.has(t)) expect(y).toBe(x);
          before += x;
          after += y;
        }
        const S = revised.get(t);
        if (S !== undefined) {
          expect(after).toBeLessThanOrEqual(S + TOL);
          expect(Math.abs(after - Math.min(before, S))).toBeLessThanOrEqual(TOL * Math.max(1, before));
        }
      }
    }), { numRuns: 300 });
  });

  it('interruptible before firm (by firmness, whatever the bid type), lowest price first, pro rata among equal prices', () => {
    fc.assert(fc.property(firmnessScenario, (s) => {
      const out = run(s);
      for (const { index: t } of s.revisions) {
        const layers = cutsAt(s.book, s.dispatch, out.dispatch, t);
        const cut = layers.filter((l) => l.before - l.after > TOL);
        for (const c of cut) {
          // everything earlier in the order (lower tier, or same tier and lower price) is gone
          for (const l of layers) {
            if (l.tier < c.tier || (l.tier === c.tier && l.price < c.price)) expect(l.after).toBeLessThanOrEqual(TOL);
          }
          // everything at the same tier and price kept the same fraction
          for (const l of layers) {
            if (l.tier === c.tier && l.price === c.price) expect(l.after / l.before).toBeCloseTo(c.after / c.before, 9);
          }
        }
      }
    }), { numRuns: 300 });
  });

  it('gives identical bytes whatever the order of bids, dispatch rows and revisions', () => {
    fc.assert(fc.property(scenario, (s) => {
      const a = run(s);
      const b = run({
        book: { ...s.book, bids: shuffled(s.book.bids, s.seed) },
        dispatch: { ...s.dispatch, bids: shuffled(s.dispatch.bids, s.seed + 1) },
        revisions: shuffled(s.revisions, s.seed + 2),
      });
      expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    }), { numRuns: 200 });
  });

  it('leaves its input dispatch as it was (rows are shared, never written: callers cache dispatches)', () => {
    fc.assert(fc.property(scenario, (s) => {
      const before = JSON.stringify(s.dispatch);
      curtail({ book: s.book, dispatch: s.dispatch, revisions: s.revisions, noticeTime: NOW });
      expect(JSON.stringify(s.dispatch)).toBe(before);
    }), { numRuns: 200 });
  });

  it('is idempotent: applying the same revision to its own output changes nothing', () => {
    fc.assert(fc.property(scenario, (s) => {
      const once = run(s);
      const twice = curtail({ book: s.book, dispatch: once.dispatch, revisions: s.revisions, noticeTime: NOW });
      expect(twice.changes).toEqual([]);
      expect(twice.dispatch).toEqual(once.dispatch);
    }), { numRuns: 200 });
  });

  it('notices validate and add up to the dispatch change', () => {
    fc.assert(fc.property(scenario, (s) => {
      const out = run(s);
      for (const n of out.notices) {
        CurtailmentNoticeSchema.parse(n);
        for (const iv of n.intervals) expect(iv.mwAfter).toBeLessThan(iv.mwBefore);
      }
      expect(new Set(out.notices.map((n) => n.bidderId))).toEqual(new Set(out.changes.map((c) => c.bidderId)));
    }), { numRuns: 200 });
  });
});
