// The two scheduled "ticks": what functions/clear.ts and functions/deliver-notices.ts run every
// minute, and what npm start's scheduler loop (apps/local) runs every few seconds.
import type { Clock, LoggerPort, MetricsPort } from '../kernel/ports';
import { clearDueAuctions, type AuctionRun } from './clear-auction';
import { repairFanOut } from './repair-fan-out';
import { clearingDeps, type LifecycleServices } from './services';
import { processOutbox, type OutboxPort, type OutboxRunSummary, type WebhookDirectory } from '../notify/outbox';
import type { FetchLike } from '../notify/deliver';
import type { RetryPolicy } from '../notify/retry-policy';

export interface ClearTickSummary { runs: AuctionRun[]; fanOutRepaired: number; orphanedBlobsRemoved: number }

/** A chunk set unreferenced this long after its write is looked at by the sweep (runs last minutes). */
export const ORPHAN_AGE_MS = 3600_000;
const SWEEP_LIMIT = 25;

/** Advance every due auction, then repair any unfinished notice fan-out. */
export async function clearTick(s: LifecycleServices, run: { owner: string; metrics: MetricsPort; logger: LoggerPort }): Promise<ClearTickSummary> {
  const runs = await clearDueAuctions(clearingDeps(s, run));
  // New results are new events for OpenADR subscribers (a crash here loses only the push: VENs poll too).
  for (const r of runs) {
    if (r.clear?.kind !== 'published' || !s.subscribers?.published) continue;
    try {
      await s.subscribers.published(r.auctionId);
    } catch (error) {
      run.logger.error('allocation notifications failed', { auctionId: r.auctionId, error: error instanceof Error ? error.message : String(error) });
    }
  }
  let fanOutRepaired = 0;
  try {
    const subscribers = s.subscribers ? { notice: s.subscribers, published: s.store } : undefined;
    fanOutRepaired = await repairFanOut({ store: s.store, directory: s.webhooks, subscribers, clock: s.clock, logger: run.logger, metrics: run.metrics });
  } catch (error) {
    run.logger.error('notice fan-out repair failed', { error: error instanceof Error ? error.message : String(error) });
  }
  let orphanedBlobsRemoved = 0;
  try {
    const swept = await s.store.sweepOrphanedBlobs(new Date(s.clock.now().getTime() - ORPHAN_AGE_MS), SWEEP_LIMIT);
    orphanedBlobsRemoved = swept.removed;
    if (swept.removed > 0) {
      run.metrics.addMetric('OrphanedBlobsRemoved', 'Count', swept.removed);
      run.logger.info('orphaned chunk sets removed', { ...swept });
    }
  } catch (error) {
    run.metrics.addMetric('OrphanSweepFailed', 'Count', 1);
    run.logger.error('orphaned chunk sweep failed', { error: error instanceof Error ? error.message : String(error) });
  }
  return { runs, fanOutRepaired, orphanedBlobsRemoved };
}

/** What delivering notices needs: far less than clearing (no engine, no auction store). */
export interface DeliveryServices { outbox: OutboxPort; webhooks: WebhookDirectory; clock: Clock }

/** Push due outbox entries (signed, retried with backoff, dead after the last attempt). */
export async function deliverTick(s: DeliveryServices, run: { owner: string; fetch: FetchLike; logger: LoggerPort; policy?: RetryPolicy }): Promise<OutboxRunSummary> {
  return processOutbox({ outbox: s.outbox, directory: s.webhooks, fetch: run.fetch, clock: s.clock, owner: run.owner, logger: run.logger, ...(run.policy ? { policy: run.policy } : {}) });
}
