// Crash recovery within two minutes (issue 13 finding 8), on DynamoDB Local: the default clearing
// lease is short (60 s) and heartbeats renew it while a run solves. A claimed-then-abandoned
// auction is re-claimed once the short lease lapses; a solve far longer than the lease keeps it;
// a run whose heartbeat finds the claim taken over stops without publishing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../lib/config';
import { clearDueAuctions, type ClearingDeps } from '../../../lib/lifecycle/clear-auction';
import { clearingDeps } from '../../../lib/lifecycle/services';
import type { ClearingEngine } from '../../../lib/lifecycle/ports';
import { createLifecycleHarness, GATE, NOW, quietLogger, type LifecycleHarness } from './harness';
import { testEngine } from './engine';

/** The production default (no BROKER_CLEARING_LEASE_S set). */
const DEFAULT_LEASE_MS = loadConfig({}).lifecycle.leaseMs;
/** The schedule of functions/clear.ts (EventBridge, every minute). */
const SCHEDULE_MS = 60_000;

let h: LifecycleHarness;
beforeAll(async () => { h = await createLifecycleHarness(); });
afterAll(async () => { await h.drop(); });

function deps(owner: string, engine: ClearingEngine = testEngine): ClearingDeps {
  return { ...clearingDeps(h.services, { owner, metrics: h.metrics, logger: quietLogger }), engine, leaseMs: DEFAULT_LEASE_MS };
}

async function closedAuction(): Promise<string> {
  h.clock.set(NOW);
  const { auctionId } = await h.setupAuction();
  h.clock.set(new Date(Date.parse(GATE) + 1_000));
  expect(await h.services.store.transition(auctionId, 'open', 'closed', { closedAt: GATE })).toBe(true);
  return auctionId;
}

const runOf = (runs: Awaited<ReturnType<typeof clearDueAuctions>>, id: string) => runs.find((r) => r.auctionId === id);

describe('clearing lease: short, kept alive by heartbeats', () => {
  it('defaults to a lease that, with a one-minute schedule, costs a crash at most two minutes', () => {
    expect(DEFAULT_LEASE_MS).toBeLessThanOrEqual(60_000);
    expect(DEFAULT_LEASE_MS + SCHEDULE_MS).toBeLessThanOrEqual(120_000);
  });

  it('re-claims and publishes an auction abandoned right after its claim once the short lease lapses', async () => {
    const id = await closedAuction();
    const claimedAt = h.clock.now();
    // A run that claims and then crashes (kill -9, Lambda timeout): nothing renews its lease.
    expect(await h.services.store.claim(id, { owner: 'crashed', now: claimedAt, leaseUntil: new Date(claimedAt.getTime() + DEFAULT_LEASE_MS) })).toEqual({ attempts: 1 });
    h.clock.set(new Date(claimedAt.getTime() + DEFAULT_LEASE_MS - 1));
    expect(runOf(await clearDueAuctions(deps('too-early')), id)).toBeUndefined(); // still leased: not even due
    expect((await h.services.store.getAuction(id))?.status).toBe('clearing');
    h.clock.set(new Date(claimedAt.getTime() + DEFAULT_LEASE_MS));
    expect(runOf(await clearDueAuctions(deps('recovery')), id)?.clear).toMatchObject({ kind: 'published' });
    const a = await h.services.store.getAuction(id);
    expect(a).toMatchObject({ status: 'cleared', clearing: { attempts: 2 } });
  });

  it('keeps the lease through a solve five times longer than the lease: heartbeats renew it, a rival cannot claim', async () => {
    const id = await closedAuction();
    const rivals: unknown[] = [];
    const slow: ClearingEngine = {
      ...testEngine,
      async clear(book, opts) {
        for (let step = 0; step < 10; step++) {
          h.clock.advance(DEFAULT_LEASE_MS / 2); // half a lease of work between checkpoints
          await opts.checkpoint?.();
          const now = h.clock.now();
          rivals.push(await h.services.store.claim(id, { owner: `rival-${step}`, now, leaseUntil: new Date(now.getTime() + DEFAULT_LEASE_MS) }));
          expect((await h.services.store.listDueAuctions(now, 100)).map((a) => a.id)).not.toContain(id);
        }
        return testEngine.clear(book, opts);
      },
    };
    const started = h.clock.now().getTime();
    const run = runOf(await clearDueAuctions(deps('long-solve', slow)), id);
    expect(h.clock.now().getTime() - started).toBeGreaterThanOrEqual(5 * DEFAULT_LEASE_MS);
    expect(rivals).toEqual(new Array(10).fill(null));
    expect(run?.clear).toMatchObject({ kind: 'published' });
    expect(await h.services.store.getAuction(id)).toMatchObject({ status: 'cleared', clearing: { attempts: 1 } });
  });

  it('a run whose heartbeat finds the claim taken over stops at once and publishes nothing; the new owner publishes', async () => {
    const id = await closedAuction();
    let rival: unknown;
    let solvedAfterLoss = false;
    const stalled: ClearingEngine = {
      ...testEngine,
      async clear(book, opts) {
        h.clock.advance(DEFAULT_LEASE_MS + 1); // stalled past its lease without a checkpoint …
        const now = h.clock.now();
        rival = await h.services.store.claim(id, { owner: 'rival', now, leaseUntil: new Date(now.getTime() + DEFAULT_LEASE_MS) });
        await opts.checkpoint?.(); // … so its next heartbeat is refused and the checkpoint throws
        solvedAfterLoss = true;
        return testEngine.clear(book, opts);
      },
    };
    const lostBefore = h.metrics.count('ClearingLeaseLost');
    expect(runOf(await clearDueAuctions(deps('stalled', stalled)), id)?.clear).toEqual({ kind: 'lost-lease' });
    expect(rival).toEqual({ attempts: 2 });
    expect(solvedAfterLoss).toBe(false);
    expect(h.metrics.count('ClearingLeaseLost')).toBe(lostBefore + 1);
    const a = await h.services.store.getAuction(id);
    expect(a).toMatchObject({ status: 'clearing', clearing: { owner: 'rival' } });
    expect((await h.call('GET', `/v1/auctions/${id}/result`)).status).toBe(409);
    // The rival crashed too (it never ran): its lease lapses and the next tick publishes.
    h.clock.advance(DEFAULT_LEASE_MS);
    expect(runOf(await clearDueAuctions(deps('next-tick')), id)?.clear).toMatchObject({ kind: 'published' });
    expect((await h.call('GET', `/v1/auctions/${id}/result`)).status).toBe(200);
  });
});
