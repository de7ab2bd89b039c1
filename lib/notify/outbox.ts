// The outbox processor (functions/deliver-notices.ts runs it every minute): claims due entries
// with a lease, delivers each, and records the outcome — delivered, retry at a backoff time, or
// dead after the last attempt. At least once: a crash after a send and before the record leaves
// the lease to expire and the entry is sent again with the same event id (receivers dedupe).
import type { OutboxEntry } from '../../schemas/lifecycle';
import type { Clock, LoggerPort } from '../kernel/ports';
import { deliverWebhook, type FetchLike } from './deliver';
import { DEFAULT_RETRY_POLICY, nextAttempt, type RetryPolicy } from './retry-policy';

export type OutboxUpdate =
  | { status: 'delivered'; attempts: number; deliveredAt: string }
  | { status: 'pending'; attempts: number; nextAttemptAt: string; lastError: string }
  | { status: 'dead'; attempts: number; lastError: string };

/** Port of the outbox (the DynamoDB adapter implements it; every write conditional on the lease). */
export interface OutboxPort {
  /** Enqueues once: false when an entry with this id exists (it is never reset). */
  put(entry: OutboxEntry): Promise<boolean>;
  /** Pending entries with nextAttemptAt ≤ now and no live lease, oldest first, at most `limit`. */
  listDue(now: Date, limit: number): Promise<OutboxEntry[]>;
  /**
   * Conditional: succeeds only if the entry is pending, due and not leased by a live owner; sets
   * the lease and attempts + 1 (so a run that crashes mid-send still counts). Returns the new
   * attempt count, or null when not claimed.
   */
  claim(id: string, owner: string, now: Date, leaseUntil: Date): Promise<number | null>;
  /** Conditional on leaseOwner = owner; clears the lease. */
  update(id: string, owner: string, update: OutboxUpdate): Promise<void>;
}

/** Where a bidder's notices go (the webhook registration). */
export interface WebhookDirectory {
  /** `headers`: extra request headers of this target (an OpenADR subscription's bearer token). */
  webhookFor(bidderId: string): Promise<{ url: string; secret: string; headers?: Record<string, string> } | undefined>;
}

export interface OutboxRunSummary {
  delivered: number;
  retried: number;
  dead: number;
  skipped: number;
  errors: number;
}

export async function processOutbox(deps: {
  outbox: OutboxPort;
  directory: WebhookDirectory;
  fetch: FetchLike;
  clock: Clock;
  owner: string;
  leaseMs?: number;
  limit?: number;
  policy?: RetryPolicy;
  timeoutMs?: number;
  logger?: LoggerPort;
}): Promise<OutboxRunSummary> {
  const policy = deps.policy ?? DEFAULT_RETRY_POLICY;
  const summary: OutboxRunSummary = { delivered: 0, retried: 0, dead: 0, skipped: 0, errors: 0 };
  const due = await deps.outbox.listDue(deps.clock.now(), deps.limit ?? 50);
  for (const entry of due) {
    try {
      const now = deps.clock.now();
      const attempts = await deps.outbox.claim(entry.id, deps.owner, now, new Date(now.getTime() + (deps.leaseMs ?? 60_000)));
      if (attempts === null) { summary.skipped++; continue; }
      if (attempts > policy.maxAttempts) {
        // Earlier runs claimed it and never recorded an outcome (crashed mid-send): stop here.
        await deps.outbox.update(entry.id, deps.owner, { status: 'dead', attempts: attempts - 1, lastError: entry.lastError ?? 'delivery runs crashed before recording an outcome' });
        summary.dead++;
        continue;
      }
      const hook = await deps.directory.webhookFor(entry.bidderId);
      const outcome = hook
        ? await deliverWebhook(hook.url, hook.secret, { eventId: entry.eventId, body: entry.body, ...(hook.headers ? { headers: hook.headers } : {}) }, { fetch: deps.fetch, clock: deps.clock, timeoutMs: deps.timeoutMs })
        : { ok: false as const, error: 'no webhook registered' };
      const at = deps.clock.now();
      if (outcome.ok) {
        await deps.outbox.update(entry.id, deps.owner, { status: 'delivered', attempts, deliveredAt: at.toISOString() });
        summary.delivered++;
        continue;
      }
      const decision = nextAttempt(attempts, entry.eventId, at, policy);
      if (decision.retry) {
        await deps.outbox.update(entry.id, deps.owner, { status: 'pending', attempts, nextAttemptAt: decision.nextAttemptAt.toISOString(), lastError: outcome.error });
        summary.retried++;
      } else {
        await deps.outbox.update(entry.id, deps.owner, { status: 'dead', attempts, lastError: outcome.error });
        summary.dead++;
        deps.logger?.warn('webhook delivery given up', { outboxId: entry.id, bidderId: entry.bidderId, attempts, lastError: outcome.error });
      }
    } catch (err) {
      // Left leased: after the lease expires the next run retries it.
      summary.errors++;
      deps.logger?.error('outbox entry failed', { outboxId: entry.id, error: err instanceof Error ? err.message : String(err) });
    }
  }
  return summary;
}
