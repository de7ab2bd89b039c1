// What the lifecycle use cases need, as ports only: the stores, the notice side, the engine, the
// clock and the clearing budgets. Built by the composition roots (lib/composition, apps/local);
// the HTTP routes and the scheduled ticks receive it and never see an adapter.
import type { Clock, LoggerPort, MetricsPort } from '../kernel/ports';
import type { ClearingEngine, LifecycleStore, PublishedAuctionStore, PublishedFiles } from './ports';
import type { FanOutStore } from './repair-fan-out';
import type { ClearingDeps } from './clear-auction';
import type { OutboxPort } from '../notify/outbox';
import type { EventsFeed, WebhookRegistry } from '../notify/ports';
import type { MeterReadingStore } from './meter-readings';
import type { NoticeSubscribers } from './curtail-auction';

/** Every lifecycle store port; one adapter (DynamoDB) or one test double implements them all. */
export type LifecycleStorePorts = LifecycleStore & PublishedAuctionStore & PublishedFiles & FanOutStore;

export interface ClearingBudgets { timeLimitMs: number; leaseMs: number; maxAttempts: number }

export interface LifecycleServices {
  store: LifecycleStorePorts;
  outbox: OutboxPort;
  webhooks: WebhookRegistry;
  events: EventsFeed;
  engine: ClearingEngine;
  clock: Clock;
  clearing: ClearingBudgets;
  webhookPolicy: { allowPrivate: boolean };
  /** Metered energy (SPEC §5); absent in runtimes that never settle (test doubles). */
  meter?: MeterReadingStore | undefined;
  /** More recipients of curtailment notices (OpenADR subscriptions). */
  subscribers?: NoticeSubscribers | undefined;
}

/** The clearing use case's deps for one invocation (`owner` unique per invocation). */
export function clearingDeps(s: LifecycleServices, run: { owner: string; metrics: MetricsPort; logger: LoggerPort; timeLimitMs?: number }): ClearingDeps {
  const timeLimitMs = run.timeLimitMs ?? s.clearing.timeLimitMs;
  // The lease does not grow with the budget: heartbeats renew it while the run works.
  const leaseMs = s.clearing.leaseMs;
  return { store: s.store, clock: s.clock, engine: s.engine, owner: run.owner, leaseMs, maxAttempts: s.clearing.maxAttempts, timeLimitMs, metrics: run.metrics, logger: run.logger };
}
