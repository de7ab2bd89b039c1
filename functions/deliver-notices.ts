// Lambda entry, scheduled every minute: pushes due webhook notices from the outbox (signed,
// retried with backoff, dead after the last attempt). Thin: config → deps → deliverTick.
import type { Context } from 'aws-lambda';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { loadConfig } from '../lib/config';
import { createRuntime } from '../lib/http/runtime';
import { deliverTick } from '../lib/wiring/lifecycle';
import type { FetchLike } from '../lib/notify/deliver';

const config = loadConfig();
const runtime = createRuntime(config);
const logger = new Logger({ logLevel: config.logLevel, serviceName: config.serviceName });
const metrics = new Metrics({ serviceName: config.serviceName });

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
