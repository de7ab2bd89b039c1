import { describe, expect, it } from 'vitest';
import { curtailAuction } from '../../../lib/lifecycle/curtail-auction';
import { resultFor, settlementView } from '../../../lib/lifecycle/views';
import { dispatchFromResult } from '../../../lib/lifecycle/dispatch';
import type { PublishedAuction, PublishedAuctionStore } from '../../../lib/lifecycle/ports';
import type { CurtailmentRecord, OutboxEntry } from '../../../schemas/lifecycle';
import { CurtailmentRecordSchema, CurtailmentResponseSchema, OutboxEntrySchema } from '../../../schemas/lifecycle';
import type { ClearingResult } from '../../../schemas/result';
import { auction, block, book, curve } from './fixtures';

/** TEST DOUBLE of the PublishedAuctionStore port: in-memory, with the version condition of the real commit. */
class InMemoryPublishedStoreTestDouble implements PublishedAuctionStore {
  records: CurtailmentRecord[] = [];
  fannedOut: { record: CurtailmentRecord; outbox: readonly OutboxEntry[] }[] = [];
  constructor(public published: PublishedAuction | undefined) {}
  async readPublished() { return this.published && structuredClone(this.published); }
  async readCurtailmentInputs() {
    const p = this.published && structuredClone(this.published);
    return p && { auction: p.auction, book: p.book, dispatch: p.dispatch ?? dispatchFromResult(p.book, p.result) };
  }
  async commitCurtailment(r: CurtailmentRecord) {
    const current = this.published!.dispatch?.version ?? 0;
    if (r.version !== current + 1) return false;
    this.records.push(r);
    this.published!.dispatch = r.dispatch;
    return true;
  }
  async publishNotices(record: CurtailmentRecord, outbox: readonly OutboxEntry[]) { this.fannedOut.push({ record, outbox }); }
  async readCurtailmentStatus(auctionId: string, version: number) {
    const r = this.records.find((x) => x.auctionId === auctionId && x.version === version);
    if (!r) return undefined;
    return { auctionId, version, at: r.at, fanOut: this.fannedOut.some((f) => f.record === r) ? 'complete' as const : 'pending' as const };
  }
}

const b = book([curve('m1', 'miner-1', [[40, 70], [25, 52.5]]), curve('m2', 'miner-2', [[30, 60]]), block('t3', 'tenant-3', 120, 95, 4)]);
const result: ClearingResult = {
  format: 'surplus-clearing/v1', auctionId: b.auction.id, inputDigest: `sha256:${'b'.repeat(64)}`,
  intervals: [0, 1, 2, 3].map(() => ({ price: 52.5, aiMw: 120, miningMw: 95, unallocatedMw: 0 })),
  bids: [{ id: 'm1', accepted: true, mw: [65, 65, 65, 65] }, { id: 'm2', accepted: true, mw: [30, 30, 30, 30] }, { id: 't3', accepted: true, start: 0, ratio: 1 }],
  welfare: 1, bound: 1, optimal: true, paradoxicallyRejected: ['m2'], stats: {},
};
const published = (status: 'cleared' | 'open' = 'cleared'): PublishedAuction => ({ auction: auction({ id: b.auction.id, status }), book: b, result, dispatch: undefined });
const clock = { now: () => new Date('2026-11-30T23:30:00Z') };
const directory = { webhookFor: async (bidder: string) => (bidder === 'miner-1' ? { url: 'https://miner-1.example/hook', secret: 'whsec_x' } : undefined) };

describe('curtailAuction', () => {
  it('commits the new dispatch with its notices, then fans out notices and outbox entries for bidders with a webhook', async () => {
    const store = new InMemoryPublishedStoreTestDouble(published());
    const out = await curtailAuction({ store, directory, clock }, b.auction.id, { intervals: [{ index: 1, surplusMw: 150 }] });
    expect(out.kind).toBe('applied');
    if (out.kind !== 'applied') return;
    expect(CurtailmentResponseSchema.parse(out.response)).toEqual({ auctionId: b.auction.id, dispatchVersion: 1, changed: true, affectedBidders: ['miner-1', 'miner-2'], notices: 2, fanOut: 'complete' });
    expect(CurtailmentRecordSchema.parse(store.records[0])).toEqual(store.records[0]);
    expect(store.records[0]!.dispatch.bids.find((r) => r.bidId === 't3')!.mw).toEqual([120, 120, 120, 120]);
    const outbox = store.fannedOut[0]!.outbox;
    expect(outbox.map((e) => e.bidderId)).toEqual(['miner-1']);
    expect(OutboxEntrySchema.parse(outbox[0])).toMatchObject({ status: 'pending', attempts: 0, nextAttemptAt: '2026-11-30T23:30:00Z' });
    expect(JSON.parse(outbox[0]!.body)).toEqual(store.records[0]!.notices[0]);
  });

  it('beyond the inline limit: answers after the commit with fanOut pending, and finishFanOut completes it', async () => {
    const store = new InMemoryPublishedStoreTestDouble(published());
    const out = await curtailAuction({ store, directory, clock, inlineFanOutNotices: 1 }, b.auction.id, { intervals: [{ index: 1, surplusMw: 150 }] });
    if (out.kind !== 'applied') throw new Error(out.kind);
    expect(out.response).toMatchObject({ dispatchVersion: 1, changed: true, notices: 2, fanOut: 'pending' });
    expect(store.records).toHaveLength(1);
    expect(store.fannedOut).toEqual([]);
    expect(await store.readCurtailmentStatus(b.auction.id, 1)).toMatchObject({ fanOut: 'pending' });
    await out.finishFanOut!();
    expect(store.fannedOut.map((f) => f.outbox.map((e) => e.bidderId))).toEqual([['miner-1']]);
    expect(await store.readCurtailmentStatus(b.auction.id, 1)).toMatchObject({ fanOut: 'complete' });
  });

  it('reports no change (and writes nothing) when the revision is not below dispatch', async () => {
    const store = new InMemoryPublishedStoreTestDouble(published());
    const out = await curtailAuction({ store, directory, clock }, b.auction.id, { intervals: [{ index: 1, surplusMw: 500 }] });
    expect(out).toEqual({ kind: 'applied', response: { auctionId: b.auction.id, dispatchVersion: 0, changed: false, affectedBidders: [], notices: 0, fanOut: 'complete' } });
    expect(store.records).toEqual([]);
  });

  it('rejects past intervals (field paths), unknown auctions, auctions not yet cleared, and a lost version race', async () => {
    const store = new InMemoryPublishedStoreTestDouble(published());
    const late = { now: () => new Date('2026-12-01T00:20:00Z') };
    expect(await curtailAuction({ store, directory, clock: late }, 'x', { intervals: [{ index: 0, surplusMw: 1 }] })).toMatchObject({ kind: 'invalid', issues: [{ path: ['intervals', 0, 'index'] }] });
    expect(await curtailAuction({ store: new InMemoryPublishedStoreTestDouble(undefined), directory, clock }, 'x', { intervals: [{ index: 0, surplusMw: 1 }] })).toEqual({ kind: 'not-found' });
    expect((await curtailAuction({ store: new InMemoryPublishedStoreTestDouble(published('open')), directory, clock }, 'x', { intervals: [{ index: 0, surplusMw: 1 }] })).kind).toBe('conflict');
    const racing = new InMemoryPublishedStoreTestDouble(published());
    racing.commitCurtailment = async () => false;
    expect((await curtailAuction({ store: racing, directory, clock }, 'x', { intervals: [{ index: 2, surplusMw: 1 }] })).kind).toBe('conflict');
  });
});

describe('views', () => {
  it('a bidder sees the intervals and only its own bids; the operator sees all', () => {
    const mine = resultFor(result, b, { role: 'bidder', bidderId: 'miner-1' });
    expect(mine.bids.map((x) => x.id)).toEqual(['m1']);
    expect(mine.paradoxicallyRejected).toEqual([]);
    expect(mine.intervals).toEqual(result.intervals);
    expect(resultFor(result, b, { role: 'operator' })).toBe(result);
  });
  it('settlement is provisional until settled, and follows the latest dispatch', async () => {
    const p = published();
    expect(settlementView(p, { role: 'operator' }).final).toBe(false);
    const store = new InMemoryPublishedStoreTestDouble(p);
    await curtailAuction({ store, directory, clock }, b.auction.id, { intervals: [{ index: 3, surplusMw: 120 }] });
    const after = { ...store.published!, auction: { ...p.auction, status: 'settled' as const } };
    const s = settlementView(after, { role: 'bidder', bidderId: 'miner-2' });
    expect(s.final).toBe(true);
    expect(s.totals).toBeUndefined();
    expect(s.statements[0]!.lines.find((l) => l.interval === 3)).toMatchObject({ dispatchedMw: 0, curtailedMwh: 7.5, charge: 0 });
    expect(dispatchFromResult(b, result).version).toBe(0);
  });
});
