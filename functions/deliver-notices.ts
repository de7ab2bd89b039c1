// Lambda entry, scheduled every minute: pushes due webhook notices from the outbox (signed,
// retried with backoff, dead after the last attempt). Thin: config → deps → deliverTick.
import type { Context } from 'aws-lambda';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { createScheduledRuntime } from '../lib/wiring/scheduled-runtime';
import { deliverTick } from '../lib/wiring/lifecycle';
import type { FetchLike } from '../lib/notify/deliver';

const { runtime, logger, metrics } = createScheduledRuntime();

export const handler = async (_event: unknown, context: Context) => {
  logger.addContext(context);
  try {
    const summary = await deliverTick(runtime.lifecycle, { owner: context.awsRequestId, fetch: globalThis.fetch as unknown as FetchLike, logger });
    metrics.addMetric('NoticesDelivered', MetricUnit.Count, summary.delivered);
    metrics.addMetric('NoticesRetried', MetricUnit.Count, summary.retried);
    metrics.addMetric('NoticesDead', MetricUnit.Count, summary.dead);
    logger.info('outbox run done', { ...summary });
    return summary;
  } finally {
    metrics.publishStoredMetrics();
  }
};
