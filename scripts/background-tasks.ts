// Loops `npm start` runs beside the API, stopped on Ctrl-C before DynamoDB Local.
import type { Config } from '../lib/config';
import type { createRuntime } from '../lib/http/runtime';
import { startLifecycleScheduler } from './lifecycle-scheduler';

export interface BackgroundContext { config: Config; runtime: ReturnType<typeof createRuntime> }
export interface BackgroundTask { name: string; start(context: BackgroundContext): { stop(): Promise<void> } }

/** Seconds between lifecycle ticks locally (the scheduled Lambdas run every minute). */
export const LOCAL_TICK_MS = 5_000;

export const backgroundTasks: BackgroundTask[] = [
  {
    name: `lifecycle scheduler (clear due auctions, advance states, deliver notices every ${LOCAL_TICK_MS / 1000} s)`,
    start: ({ runtime }) => startLifecycleScheduler(runtime.lifecycle, { intervalMs: LOCAL_TICK_MS, logger: runtime.logger }),
  },
];
