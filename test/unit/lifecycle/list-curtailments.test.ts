// listCurtailments pages by version and by size: a page stops before its byte budget (Lambda
// answers at most 6 MB) but always holds one curtailment, and nextAfter leads on from there.
import { describe, expect, it } from 'vitest';
import { listCurtailments, type ListCurtailmentsStore } from '../../../lib/lifecycle/list-curtailments';
import type { CurtailmentRecord } from '../../../schemas/lifecycle';
import type { AuctionRecord } from '../../../lib/lifecycle/ports';

function storeWith(versions: number, cutsEach: number): ListCurtailmentsStore {
  const auction = { id: 'A1', intervalMinutes: 60, status: 'delivering' } as const satisfies Partial<AuctionRecord>;
  const record = (version: number) => ({
    auctionId: 'A1', version, at: '2026-12-01T00:00:00Z', revisions: [{ index: 0, surplusMw: 10 }], dispatch: { version, bids: [] },
    notices: Array.from({ length: cutsEach }, (_, i) => ({
      eventId: 'e'.repeat(64), type: 'curtailment', auctionId: 'A1', bidderId: `b${i}`, curtailmentVersion: version, noticeTime: '2026-12-01T00:00:00Z',
      intervals: [{ index: 0, start: '2026-12-01T00:00:00Z', duration: 'PT1H', mwBefore: 5, mwAfter: 4, bids: [] }],
      event: {},
    })),
  }) as unknown as CurtailmentRecord; // only the fields listCurtailments reads
  return {
    readPublicationPointer: async () => ({ auction: auction as unknown as AuctionRecord, dispatchVersion: versions }),
    readCurtailmentNotices: async (_id, v) => record(v),
    readCurtailmentStatus: async (_id, v) => ({ auctionId: 'A1', version: v, at: '2026-12-01T00:00:00Z', fanOut: 'complete' }),
  };
}

describe('listCurtailments', () => {
  it('stops a page before its byte budget, keeps at least one curtailment, and continues with nextAfter', async () => {
    const store = storeWith(5, 100);
    const one = JSON.stringify((await listCurtailments(store, 'A1', { role: 'operator' }, { limit: 1 }))!.items[0]).length;
    const page = (await listCurtailments(store, 'A1', { role: 'operator' }, { limit: 20, maxBytes: 2.5 * one }))!;
    expect(page.items.map((c) => c.version)).toEqual([1, 2]);
    expect(page.nextAfter).toBe(2);
    const tiny = (await listCurtailments(store, 'A1', { role: 'operator' }, { limit: 20, after: 2, maxBytes: 10 }))!;
    expect(tiny.items.map((c) => c.version)).toEqual([3]);
    expect(tiny.nextAfter).toBe(3);
    const rest = (await listCurtailments(store, 'A1', { role: 'operator' }, { limit: 20, after: 3 }))!;
    expect(rest.items.map((c) => c.version)).toEqual([4, 5]);
    expect(rest.nextAfter).toBeUndefined();
  });
  it('a bidder sees only its own cut', async () => {
    const page = (await listCurtailments(storeWith(1, 3), 'A1', { role: 'bidder', bidderId: 'b1' }, { limit: 5 }))!;
    expect(page.items[0]!.cuts.map((c) => c.bidderId)).toEqual(['b1']);
    expect(page.items[0]!.bidders).toBe(1);
  });
});
