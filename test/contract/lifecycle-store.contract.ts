// The LifecycleStore port's contract (lib/lifecycle/ports.ts), as one suite that runs against
// every implementation: the in-memory double and the DynamoDB adapter. Each case is a condition
// written on the port.
import { beforeEach, afterEach, describe, expect, it } from 'vitest';
import type { LifecycleStore } from '../../lib/lifecycle/ports';
import type { AuctionRecord as MarketAuctionRecord } from '../../lib/market/ports';
import { nextLifecycleState } from '../../lib/lifecycle/lifecycle-state';

export interface LifecycleStoreFixture {
  store: LifecycleStore;
  /** Stores a new auction as the market service creates it (status open). */
  seed(auction: MarketAuctionRecord): Promise<void>;
  drop?(): Promise<void>;
}

const CREATED = '2026-11-30T12:00:00.000Z';
const GATE = '2026-11-30T23:00:00.000Z';
const DELIVERY = '2026-12-01T00:00:00.000Z';
const DELIVERY_END = '2026-12-01T01:00:00.000Z'; // 4 × 15 min
const at = (iso: string, plusMs = 0) => new Date(Date.parse(iso) + plusMs);
const sameInstant = (a: string | undefined, b: string) => expect(a === undefined ? undefined : Date.parse(a)).toBe(Date.parse(b));

let n = 0;
export function auctionRecord(overrides: Partial<MarketAuctionRecord> = {}): MarketAuctionRecord {
  n++;
  return {
    id: `auc_c${String(n).padStart(4, '0')}`, zone: 'Z1', deliveryStart: DELIVERY, intervalMinutes: 15, intervalCount: 4,
    gateClosure: GATE, pricing: 'uniform', currency: 'USD', status: 'open', timestamps: { openedAt: '2026-11-30T12:00:00Z' },
    createdAt: CREATED, updatedAt: CREATED, ...overrides,
  };
}

export function lifecycleStoreContract(name: string, make: () => Promise<LifecycleStoreFixture>): void {
  describe(`LifecycleStore contract: ${name}`, () => {
    let f: LifecycleStoreFixture;
    beforeEach(async () => { f = await make(); });
    afterEach(async () => { await f.drop?.(); });

    const seeded = async (overrides: Partial<MarketAuctionRecord> = {}) => {
      const a = auctionRecord(overrides);
      await f.seed(a);
      return a.id;
    };
    const closed = async () => {
      const id = await seeded();
      expect(await f.store.transition(id, 'open', 'closed', { closedAt: '2026-11-30T23:00:00Z' })).toBe(true);
      return id;
    };

    it('reads an auction back with its header and lifecycle fields; undefined when absent', async () => {
      const id = await seeded();
      const a = await f.store.getAuction(id);
      expect(a).toMatchObject({ id, zone: 'Z1', deliveryStart: DELIVERY, intervalMinutes: 15, intervalCount: 4, gateClosure: GATE, pricing: 'uniform', currency: 'USD', status: 'open' });
      expect(await f.store.getAuction('auc_missing')).toBeUndefined();
    });

    it('transition is conditional on the from-status and merges the timestamps', async () => {
      const id = await seeded();
      expect(await f.store.transition(id, 'cleared', 'delivering', { deliveringAt: DELIVERY })).toBe(false);
      expect(await f.store.transition(id, 'open', 'closed', { closedAt: '2026-11-30T23:00:00Z' })).toBe(true);
      expect(await f.store.transition(id, 'open', 'closed', { closedAt: '2026-11-30T23:00:00Z' })).toBe(false);
      const a = await f.store.getAuction(id);
      expect(a?.status).toBe('closed');
      sameInstant(a?.timestamps.closedAt, GATE);
      sameInstant(a?.timestamps.openedAt, '2026-11-30T12:00:00Z');
      expect(await f.store.transition('auc_missing', 'open', 'closed', {})).toBe(false);
    });

    it('claim: only when closed or the lease expired; attempts count every claim', async () => {
      const open = await seeded();
      const now = at(GATE, 1_000);
      expect(await f.store.claim(open, { owner: 'o1', now, leaseUntil: at(GATE, 60_000) })).toBeNull();
      const id = await closed();
      expect(await f.store.claim(id, { owner: 'o1', now, leaseUntil: at(GATE, 60_000) })).toEqual({ attempts: 1 });
      expect(await f.store.claim(id, { owner: 'o2', now: at(GATE, 59_999), leaseUntil: at(GATE, 120_000) })).toBeNull();
      expect(await f.store.claim(id, { owner: 'o2', now: at(GATE, 60_000), leaseUntil: at(GATE, 120_000) })).toEqual({ attempts: 2 });
      const a = await f.store.getAuction(id);
      expect(a).toMatchObject({ status: 'clearing', clearing: { owner: 'o2', attempts: 2 } });
      sameInstant(a?.clearing?.leaseUntil, at(GATE, 120_000).toISOString());
      sameInstant(a?.timestamps.clearingAt, now.toISOString()); // first claim only
      expect(await f.store.claim('auc_missing', { owner: 'o1', now, leaseUntil: at(GATE, 60_000) })).toBeNull();
    });

    it('publish: only by the lease owner; the pointer and clearedAt are set, the lease cleared', async () => {
      const id = await closed();
      await f.store.claim(id, { owner: 'o1', now: at(GATE, 1_000), leaseUntil: at(GATE, 60_000) });
      const key = { inputDigest: 'sha256:abc', resultSha256: 'a'.repeat(64) };
      expect(await f.store.publish(id, { ...key, owner: 'o2', resultBytes: 10, at: at(GATE, 2_000) })).toBe(false);
      expect(await f.store.publish(id, { ...key, owner: 'o1', resultBytes: 10, at: at(GATE, 2_000) })).toBe(true);
      expect(await f.store.publish(id, { ...key, owner: 'o1', resultBytes: 10, at: at(GATE, 3_000) })).toBe(false);
      const a = await f.store.getAuction(id);
      expect(a?.status).toBe('cleared');
      expect(a?.clearing).toEqual({ attempts: 1, ...key, resultBytes: 10 });
      sameInstant(a?.timestamps.clearedAt, at(GATE, 2_000).toISOString());
    });

    it('sweepOrphanedBlobs: keeps what an unpublished auction stored; then drops the published book\'s marker and deletes the other book', async () => {
      const id = await closed();
      const later = new Date('2100-01-01T00:00:00Z'); // every marker is old enough
      const kept = 'sha256:' + '1'.repeat(64);
      const stale = 'sha256:' + '2'.repeat(64);
      await f.store.saveBook(id, kept, '{"book":1}');
      await f.store.saveBook(id, stale, '{"book":2}');
      expect(await f.store.sweepOrphanedBlobs(later, 100)).toEqual({ removed: 0, referenced: 0, undecided: 2 });
      await f.store.claim(id, { owner: 'o1', now: at(GATE, 1_000), leaseUntil: at(GATE, 60_000) });
      expect(await f.store.publish(id, { inputDigest: kept, resultSha256: 'a'.repeat(64), owner: 'o1', resultBytes: 10, at: at(GATE, 2_000) })).toBe(true);
      expect(await f.store.sweepOrphanedBlobs(later, 100)).toEqual({ removed: 1, referenced: 1, undecided: 0 });
      expect(await f.store.sweepOrphanedBlobs(later, 100)).toEqual({ removed: 0, referenced: 0, undecided: 0 });
    });

    it('renewLease: owner only while clearing; moves leaseUntil (and the due time), so a claim waits for the renewed lease', async () => {
      const id = await closed();
      expect(await f.store.renewLease(id, { owner: 'o1', leaseUntil: at(GATE, 60_000) })).toBe(false); // not claimed yet
      await f.store.claim(id, { owner: 'o1', now: at(GATE, 1_000), leaseUntil: at(GATE, 60_000) });
      expect(await f.store.renewLease(id, { owner: 'o2', leaseUntil: at(GATE, 120_000) })).toBe(false);
      expect(await f.store.renewLease(id, { owner: 'o1', leaseUntil: at(GATE, 120_000) })).toBe(true);
      sameInstant((await f.store.getAuction(id))?.clearing?.leaseUntil, at(GATE, 120_000).toISOString());
      expect(await f.store.claim(id, { owner: 'o2', now: at(GATE, 60_000), leaseUntil: at(GATE, 180_000) })).toBeNull();
      expect((await f.store.listDueAuctions(at(GATE, 60_000), 100)).map((a) => a.id)).not.toContain(id);
      expect((await f.store.listDueAuctions(at(GATE, 120_000), 100)).map((a) => a.id)).toContain(id);
      // Taken over after the renewed lease ran out: the first owner can no longer renew.
      expect(await f.store.claim(id, { owner: 'o2', now: at(GATE, 120_000), leaseUntil: at(GATE, 180_000) })).toEqual({ attempts: 2 });
      expect(await f.store.renewLease(id, { owner: 'o1', leaseUntil: at(GATE, 240_000) })).toBe(false);
      await f.store.publish(id, { inputDigest: 'sha256:d', resultSha256: 'c'.repeat(64), owner: 'o2', resultBytes: 1, at: at(GATE, 130_000) });
      expect(await f.store.renewLease(id, { owner: 'o2', leaseUntil: at(GATE, 240_000) })).toBe(false); // published: nothing to renew
      expect(await f.store.renewLease('auc_missing', { owner: 'o1', leaseUntil: at(GATE, 60_000) })).toBe(false);
    });

    it('releaseAfterError: owner only; ends the lease now and hands lastError to the next claim', async () => {
      const id = await closed();
      await f.store.claim(id, { owner: 'o1', now: at(GATE, 1_000), leaseUntil: at(GATE, 60_000) });
      expect(await f.store.releaseAfterError(id, 'o2', 'boom', at(GATE, 2_000))).toBe(false);
      expect(await f.store.releaseAfterError(id, 'o1', 'boom', at(GATE, 2_000))).toBe(true);
      expect(await f.store.claim(id, { owner: 'o3', now: at(GATE, 2_000), leaseUntil: at(GATE, 90_000) })).toEqual({ attempts: 2, lastError: 'boom' });
    });

    it('markFailed (owner only) and reopenFailed (failed only, attempts back to 0)', async () => {
      const id = await closed();
      expect(await f.store.reopenFailed(id, at(GATE, 1_000))).toBe(false);
      await f.store.claim(id, { owner: 'o1', now: at(GATE, 1_000), leaseUntil: at(GATE, 60_000) });
      expect(await f.store.markFailed(id, 'o2', { reason: 'x', attempts: 1 }, at(GATE, 2_000))).toBe(false);
      expect(await f.store.markFailed(id, 'o1', { reason: 'infeasible', attempts: 1 }, at(GATE, 2_000))).toBe(true);
      const failed = await f.store.getAuction(id);
      expect(failed).toMatchObject({ status: 'failed', failure: { reason: 'infeasible', attempts: 1 } });
      expect(failed?.clearing?.owner).toBeUndefined();
      sameInstant(failed?.timestamps.failedAt, at(GATE, 2_000).toISOString());
      expect(await f.store.reopenFailed(id, at(GATE, 3_000))).toBe(true);
      const reopened = await f.store.getAuction(id);
      expect(reopened).toMatchObject({ status: 'closed', clearing: { attempts: 0 } });
      expect(reopened?.failure).toBeUndefined();
      expect(await f.store.claim(id, { owner: 'o4', now: at(GATE, 3_000), leaseUntil: at(GATE, 90_000) })).toEqual({ attempts: 1 });
    });

    it('closeGate (forced close): only when open; moves the gate closure and records closedAt', async () => {
      const id = await seeded();
      const forced = '2026-11-30T20:00:00.000Z';
      expect(await f.store.closeGate(id, forced, '2026-11-30T20:00:00Z')).toBe(true);
      expect(await f.store.closeGate(id, forced, '2026-11-30T20:00:00Z')).toBe(false);
      const a = await f.store.getAuction(id);
      expect(a?.status).toBe('closed');
      sameInstant(a?.gateClosure, forced);
      sameInstant(a?.timestamps.closedAt, forced);
    });

    it('restampClosedGate: only a closed auction still at the expected gate closure moves', async () => {
      const id = await seeded();
      const forced = '2026-11-30T20:00:00.000Z';
      const later = '2026-11-30T20:00:00.250Z';
      expect(await f.store.restampClosedGate(id, forced, later, '2026-11-30T20:00:00Z')).toBe(false);
      expect(await f.store.closeGate(id, forced, '2026-11-30T20:00:00Z')).toBe(true);
      expect(await f.store.restampClosedGate(id, '2026-11-30T19:00:00.000Z', later, '2026-11-30T20:00:00Z')).toBe(false);
      expect(await f.store.restampClosedGate(id, forced, later, '2026-11-30T20:00:00Z')).toBe(true);
      const a = await f.store.getAuction(id);
      expect(a?.status).toBe('closed');
      sameInstant(a?.gateClosure, later);
      expect(await f.store.restampClosedGate(id, forced, '2026-11-30T20:00:01.000Z', '2026-11-30T20:00:01Z')).toBe(false);
    });

    it('listDueAuctions returns exactly the auctions nextLifecycleState says are due, at most `limit`', async () => {
      const open = await seeded();
      const early = await seeded({ gateClosure: '2026-11-30T22:00:00.000Z' });
      const id = await closed();
      const leased = await closed();
      await f.store.claim(leased, { owner: 'o1', now: at(GATE, 1_000), leaseUntil: at(GATE, 600_000) });
      const cleared = await closed();
      await f.store.claim(cleared, { owner: 'o1', now: at(GATE, 1_000), leaseUntil: at(GATE, 60_000) });
      await f.store.publish(cleared, { inputDigest: 'sha256:d', resultSha256: 'b'.repeat(64), owner: 'o1', resultBytes: 1, at: at(GATE, 2_000) });
      const ids = [open, early, id, leased, cleared];
      const check = async (t: string, among: string[]) => {
        const now = new Date(t);
        const records = await Promise.all(among.map(async (x) => f.store.getAuction(x)));
        const expected = records.flatMap((a) => (a && nextLifecycleState(a, now).kind !== 'none' ? [a.id] : [])).sort();
        const due = (await f.store.listDueAuctions(now, 100)).map((a) => a.id).filter((x) => among.includes(x)).sort();
        expect({ t, due }).toEqual({ t, due: expected });
      };
      // Before the gate only the open ones (the others were closed at GATE: their past is not asked).
      for (const t of ['2026-11-30T21:00:00.000Z', '2026-11-30T21:59:59.999Z', '2026-11-30T22:00:00.000Z']) await check(t, [open, early]);
      for (const t of [GATE, at(GATE, 300_000).toISOString(), at(GATE, 600_000).toISOString(), DELIVERY, DELIVERY_END]) await check(t, ids);
      expect(await f.store.listDueAuctions(new Date(DELIVERY_END), 2)).toHaveLength(2);
      // The due set follows the auction through its states.
      expect(await f.store.transition(cleared, 'cleared', 'delivering', { deliveringAt: '2026-12-01T00:00:00Z' })).toBe(true);
      expect((await f.store.listDueAuctions(new Date(DELIVERY), 100)).map((a) => a.id)).not.toContain(cleared);
      expect((await f.store.listDueAuctions(new Date(DELIVERY_END), 100)).map((a) => a.id)).toContain(cleared);
      expect(await f.store.transition(cleared, 'delivering', 'settled', { settledAt: '2026-12-01T01:00:00Z' })).toBe(true);
      expect((await f.store.listDueAuctions(at(DELIVERY_END, 86_400_000), 100)).map((a) => a.id)).not.toContain(cleared);
    });
  });
}
