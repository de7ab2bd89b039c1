// Repairs a curtailment whose commit succeeded but whose fan-out (events feed + webhook outbox)
// did not finish — the process died between commitCurtailment and publishNotices. The commit
// item stays in a "fan-out pending" index until publishNotices completes; the scheduler and the
// next curtailment call re-run the (idempotent) fan-out for everything listed there.
import type { OutboxEntry } from '../../schemas/lifecycle';
import type { WebhookDirectory } from '../notify/outbox';
import type { Clock, LoggerPort, MetricsPort } from '../kernel/ports';
import { outboxEntriesFor, type NoticeSubscribers } from './curtail-auction';
import type { CurtailmentNotices, PublishedAuctionStore } from './ports';

export interface FanOutStore {
  /** Commits whose publishNotices has not completed, oldest first. */
  listPendingFanOut(limit: number): Promise<{ auctionId: string; version: number; at: string }[]>;
  /** The record without its dispatch (rebuilding it would cost a chain of reads the fan-out does not need). */
  readCurtailmentNotices(auctionId: string, version: number): Promise<CurtailmentNotices | undefined>;
  publishNotices(record: CurtailmentNotices, outbox: readonly OutboxEntry[]): Promise<void>;
}

export async function repairFanOut(deps: {
  store: FanOutStore;
  directory: WebhookDirectory;
  /** OpenADR subscriptions get the repaired curtailment's events too (they need the published book). */
  subscribers?: { notice: NoticeSubscribers; published: PublishedAuctionStore } | undefined;
  clock: Clock;
  /** Leave commits younger than this alone: their own request is probably still fanning out. */
  graceMs?: number;
  limit?: number;
  logger?: LoggerPort;
  metrics?: MetricsPort;
}): Promise<number> {
  const pending = await deps.store.listPendingFanOut(deps.limit ?? 25);
  const cutoff = deps.clock.now().getTime() - (deps.graceMs ?? 0);
  let repaired = 0;
  for (const p of pending) {
    if (Date.parse(p.at) > cutoff) continue;
    // One unreadable or failing record must not stop the repair of the others (nor the caller's
    // own work): it is logged and counted (FanOutRepairFailed), and stays listed for a later run.
    try {
      const record = await deps.store.readCurtailmentNotices(p.auctionId, p.version);
      if (!record) continue;
      const published = deps.subscribers ? await deps.subscribers.published.readPublished(p.auctionId) : undefined;
      await deps.store.publishNotices(record, [
        ...await outboxEntriesFor(record, deps.directory),
        ...(deps.subscribers && published ? await deps.subscribers.notice.entriesFor(record, published.book, published.auction) : []),
      ]);
      deps.logger?.warn('repaired the notice fan-out of a curtailment', { auctionId: p.auctionId, version: p.version });
      repaired++;
    } catch (error) {
      deps.metrics?.addMetric('FanOutRepairFailed', 'Count', 1);
      deps.logger?.error('notice fan-out repair failed for one curtailment', { auctionId: p.auctionId, version: p.version, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return repaired;
}
