// npm start's stand-in for EventBridge Scheduler: every few seconds, the same ticks the
// scheduled Lambdas run (clear due auctions + advance states + repair fan-outs; deliver notices).
// Ticks never overlap; stop() waits for the running one, so Ctrl-C leaves nothing half-done
// that the next start would not finish anyway.
import { randomUUID } from 'node:crypto';
import type { LifecycleServices } from '../../lib/lifecycle/services';
import { clearTick, deliverTick } from '../../lib/lifecycle/scheduled-ticks';
import { noMetrics, type LoggerPort } from '../../lib/kernel/ports';
import type { FetchLike } from '../../lib/notify/deliver';

export interface SchedulerHandle { stop(): Promise<void>; tick(): Promise<void> }

/** Seconds between lifecycle ticks locally (the scheduled Lambdas run every minute). */
export const LOCAL_TICK_MS = 5_000;

export function startSchedulerLoop(services: LifecycleServices, options: { intervalMs: number; logger: LoggerPort; fetch?: FetchLike }): SchedulerHandle {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const fetch: FetchLike = options.fetch ?? ((url, init) => globalThis.fetch(url, init));

  const tick = async () => {
    const owner = `local-${randomUUID()}`;
    try {
      await clearTick(services, { owner, metrics: noMetrics, logger: options.logger });
      await deliverTick(services, { owner, fetch, logger: options.logger });
    } catch (error) {
      options.logger.error('scheduler tick failed', { error: error instanceof Error ? error.message : String(error) });
    }
  };
  const loop = () => {
    if (stopped) return;
    running = tick().finally(() => { if (!stopped) timer = setTimeout(loop, options.intervalMs); });
  };
  timer = setTimeout(loop, options.intervalMs);
  return {
    tick: () => (running = running.then(tick)),
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
