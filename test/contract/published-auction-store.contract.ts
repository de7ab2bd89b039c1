// The curtailment side of PublishedAuctionStore + FanOutStore (lib/lifecycle/ports.ts,
// lib/lifecycle/repair-fan-out.ts): commit only version = current + 1 on a published auction,
// the fan-out pending index, reading a committed record back.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LifecycleStore, PublishedAuctionStore } from '../../lib/lifecycle/ports';
import type { FanOutStore } from '../../lib/lifecycle/repair-fan-out';
import type { CurtailmentRecord } from '../../schemas/lifecycle';
import { auctionRecord, type LifecycleStoreFixture } from './lifecycle-store.contract';

export interface PublishedStoreFixture extends LifecycleStoreFixture {
  published: PublishedAuctionStore & FanOutStore;
}

const GATE = '2026-11-30T23:00:00.000Z';
const record = (auctionId: string, version: number): CurtailmentRecord => ({
  auctionId, version, at: `2026-12-01T00:0${version}:00.000Z`, revisions: [{ index: 0, surplusMw: 1 }],
  dispatch: { auctionId, version, bids: [] }, notices: [],
});

export function publishedAuctionStoreContract(name: string, make: () => Promise<PublishedStoreFixture>): void {
  describe(`PublishedAuctionStore (curtailments) contract: ${name}`, () => {
    let f: PublishedStoreFixture;
    beforeEach(async () => { f = await make(); });
    afterEach(async () => { await f.drop?.(); });

    const publishedAuction = async (store: LifecycleStore, id: string) => {
      expect(await store.transition(id, 'open', 'closed', { closedAt: '2026-11-30T23:00:00Z' })).toBe(true);
      await store.claim(id, { owner: 'o1', now: new Date(GATE), leaseUntil: new Date(Date.parse(GATE) + 60_000) });
      expect(await store.publish(id, { inputDigest: 'sha256:d', resultSha256: 'c'.repeat(64), owner: 'o1', resultBytes: 1, at: new Date(GATE) })).toBe(true);
    };

    it('commits only version = current + 1, and only on a published auction', async () => {
      const a = auctionRecord();
      await f.seed(a);
      expect(await f.published.commitCurtailment(record(a.id, 1))).toBe(false); // open
      await publishedAuction(f.store, a.id);
      expect(await f.published.commitCurtailment(record(a.id, 2))).toBe(false);
      expect(await f.published.commitCurtailment(record(a.id, 1))).toBe(true);
      expect(await f.published.commitCurtailment(record(a.id, 1))).toBe(false);
      expect(await f.published.commitCurtailment(record(a.id, 3))).toBe(false);
      const racing = await Promise.all([f.published.commitCurtailment(record(a.id, 2)), f.published.commitCurtailment({ ...record(a.id, 2), at: '2026-12-01T00:09:00.000Z' })]);
      expect(racing.filter(Boolean)).toHaveLength(1);
      const { dispatch: _dispatch, ...notices } = record(a.id, 1);
      expect(await f.published.readCurtailmentNotices(a.id, 1)).toEqual(notices);
      expect(await f.published.readCurtailmentNotices(a.id, 3)).toBeUndefined();
    });

    it('a commit stays in the pending fan-out index until publishNotices completes', async () => {
      const a = auctionRecord();
      await f.seed(a);
      await publishedAuction(f.store, a.id);
      await f.published.commitCurtailment(record(a.id, 1));
      await f.published.commitCurtailment(record(a.id, 2));
      const pending = (await f.published.listPendingFanOut(10)).filter((p) => p.auctionId === a.id);
      expect(pending).toEqual([{ auctionId: a.id, version: 1, at: record(a.id, 1).at }, { auctionId: a.id, version: 2, at: record(a.id, 2).at }]);
      await f.published.publishNotices(record(a.id, 1), []);
      await f.published.publishNotices(record(a.id, 1), []); // idempotent
      expect((await f.published.listPendingFanOut(10)).filter((p) => p.auctionId === a.id).map((p) => p.version)).toEqual([2]);
    });
  });
}
