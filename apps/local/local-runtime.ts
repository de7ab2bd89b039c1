// The API runtime and the scheduler loop of a local broker, wired together: POST …/clear wakes
// the loop at once (the local ClearingTrigger), so an auction clears seconds after the 202, as
// the deployed clear function does within a minute. npm start (compose.ts) and the e2e/CLI
// tests' broker use this, so they answer POST …/clear exactly as the deployed API does.
import type { Config } from '../../lib/config';
import { createApiRuntime, type ApiOverrides, type ApiRuntime } from '../../lib/composition/api';
import { clearingEngine } from '../../lib/composition/engine';
import type { ClearingTrigger } from '../../lib/lifecycle/clearing-trigger';
import type { FetchLike } from '../../lib/notify/deliver';
import { LOCAL_TICK_MS, startSchedulerLoop, type SchedulerHandle } from './scheduler-loop';

export interface LocalRuntime {
  runtime: ApiRuntime;
  scheduler: SchedulerHandle;
}

export interface LocalRuntimeOptions {
  clientAddress?: ApiOverrides['clientAddress'];
  intervalMs?: number;
  fetch?: FetchLike;
}

export function startLocalRuntime(config: Config, options: LocalRuntimeOptions = {}): LocalRuntime {
  let scheduler: SchedulerHandle | undefined;
  const wakeScheduler: ClearingTrigger = { requestClearing: async () => scheduler?.wake() };
  // This process clears too (the loop), so it gets the real engine, unlike the API Lambda.
  const runtime = createApiRuntime(config, { clientAddress: options.clientAddress, engine: clearingEngine, clearingTrigger: wakeScheduler });
  scheduler = startSchedulerLoop(runtime.lifecycle, {
    intervalMs: options.intervalMs ?? LOCAL_TICK_MS, logger: runtime.logger, ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  return { runtime, scheduler };
}
