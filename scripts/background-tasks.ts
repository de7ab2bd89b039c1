// Loops `npm start` runs beside the API, stopped on Ctrl-C before DynamoDB Local. The clearing
// schedule (lifecycle) registers here; none exist yet.
import type { Config } from '../lib/config';
import type { createRuntime } from '../lib/http/runtime';

export interface BackgroundContext { config: Config; runtime: ReturnType<typeof createRuntime> }
export interface BackgroundTask { name: string; start(context: BackgroundContext): { stop(): Promise<void> } }

export const backgroundTasks: BackgroundTask[] = [];
