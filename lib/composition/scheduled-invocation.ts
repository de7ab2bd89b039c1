// One scheduled Lambda invocation, shared by the clearing and the delivery composition roots:
// config → DynamoDB client, logger and metrics; the request id owns the leases; metrics flushed.
import type { Context } from 'aws-lambda';
import type { Config } from '../config';
import type { Clock } from '../kernel/ports';
import { systemClock } from '../kernel/system';
import type { FetchLike } from '../notify/deliver';
import { createDocumentClient } from '../store/dynamodb-client';
import { createLogger, createMetrics } from './observability';

export interface SchedulerOverrides { clock?: Clock; fetch?: FetchLike }

export function scheduled(config: Config, overrides: SchedulerOverrides) {
  const clock = overrides.clock ?? systemClock;
  const doc = createDocumentClient(config.dynamodb);
  const logger = createLogger(config);
  const metrics = createMetrics(config);
  /** One invocation: its request id owns the leases it takes; metrics are flushed even on error. */
  async function invoke<T>(context: Context, work: (owner: string) => Promise<T>): Promise<T> {
    logger.addContext(context);
    try { return await work(context.awsRequestId); } finally { metrics.publishStoredMetrics(); }
  }
  return { clock, doc, logger, metrics, invoke };
}

