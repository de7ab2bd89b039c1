// The ports every domain shares: time, ids, logs and metrics. Domains declare their own ports
// (lib/<domain>/ports.ts) on top of these; adapters implement them, the composition roots
// (lib/composition, apps/local) choose which.
export interface Clock { now(): Date }
export interface IdGenerator { next(prefix: string): string }

/** Structurally satisfied by a Powertools Logger. */
export interface LoggerPort {
  info(message: string, ...extra: Record<string, unknown>[]): void;
  warn(message: string, ...extra: Record<string, unknown>[]): void;
  error(message: string, ...extra: Record<string, unknown>[]): void;
}

/** Structurally satisfied by a Powertools Metrics (namespace from POWERTOOLS_METRICS_NAMESPACE). */
export interface MetricsPort {
  addMetric(name: string, unit: 'Count' | 'Milliseconds', value: number): void;
}

/** For places without CloudWatch (npm start, tests): metrics are dropped. */
export const noMetrics: MetricsPort = { addMetric: () => undefined };
