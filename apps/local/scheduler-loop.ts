// npm start's stand-in for EventBridge Scheduler: every few seconds, the same ticks the
// scheduled Lambdas run (clear due auctions + advance states + repair fan-outs; deliver notices),
// and at once when woken (POST …/clear made an auction due: the local ClearingTrigger).
// Ticks never overlap (one queue); stop() waits for the running one, so Ctrl-C leaves nothing
// half-done that the next start would not finish anyway.
import { randomUUID } from 'node:crypto';
import type { LifecycleServices } from '../../lib/lifecycle/services';
import { clearTick, deliverTick } from '../../lib/lifecycle/scheduled-ticks';
import { noMetrics, type LoggerPort } from '../../lib/kernel/ports';
import type { FetchLike } from '../../lib/notify/deliver';

export interface SchedulerHandle {
  /** Runs a tick after the queued ones; resolves when it is done. */
  tick(): Promise<void>;
  /** Asks for a tick as soon as possible without waiting for it; wake-ups while one waits coalesce. */
  wake(): void;
  stop(): Promise<void>;
}

/** Milliseconds between lifecycle ticks locally (the scheduled Lambdas run every minute). */
export const LOCAL_TICK_MS = 5_000;

export function startSchedulerLoop(services: LifecycleServices, options: { intervalMs: number; logger: LoggerPort; fetch?: FetchLike }): SchedulerHandle {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let queue: Promise<void> = Promise.resolve();
  let wakeQueued = false;
  const fetch: FetchLike = options.fetch ?? ((url, init) => globalThis.fetch(url, init));

  const tick = async () => {
    if (stopped) return;
    const owner = `local-${randomUUID()}`;
    try {
      await clearTick(services, { owner, metrics: noMetrics, logger: options.logger });
      await deliverTick(services, { owner, fetch, logger: options.logger });
    } catch (error) {
      options.logger.error('scheduler tick failed', { error: error instanceof Error ? error.message : String(error) });
    }
  };
  const enqueue = (work: () => Promise<void>) => (queue = queue.then(work));
  const every = () => {
    timer = undefined;
    void enqueue(tick).then(() => { if (!stopped) timer = setTimeout(every, options.intervalMs); });
  };
  timer = setTimeout(every, options.intervalMs);
  return {
    tick: () => enqueue(tick),
    wake() {
      if (stopped || wakeQueued) return;
      wakeQueued = true;
      void enqueue(() => { wakeQueued = false; return tick(); });
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await queue;
    },
  };
}
