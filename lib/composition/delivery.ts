// Composition root of functions/deliver-notices.ts: only the outbox and webhook stores and the
// guarded fetch — no engine, no market or lifecycle stores (its bundle budget is 600 KB).
import type { Context } from 'aws-lambda';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Config } from '../config';
import { deliverTick } from '../lifecycle/scheduled-ticks';
import type { FetchLike } from '../notify/deliver';
import { publicOnlyFetch } from '../notify/guarded-fetch';
import { createDynamoDbOutbox, createDynamoDbWebhooks } from '../store/dynamodb-notify-store';
import { scheduled, type SchedulerOverrides } from './scheduled-invocation';
import { withSubscriptionCallbacks } from '../openadr/subscriptions';
import { createSubscriptionRepository } from '../store/repositories/subscription-repository';
import { tableOf } from '../store/table';

/** functions/deliver-notices.ts: pushes due webhook notices from the outbox. */
export function createDeliveryHandler(config: Config, overrides: SchedulerOverrides = {}) {
  const { clock, doc, logger, metrics, invoke } = scheduled(config, overrides);
  const outbox = createDynamoDbOutbox(doc, config.tableName, clock);
  // OpenADR subscription callbacks are outbox targets too.
  const webhooks = withSubscriptionCallbacks(createDynamoDbWebhooks(doc, config.tableName), createSubscriptionRepository(tableOf(doc, config.tableName, clock)));
  // Production refuses private receivers at connect time too; local runs and tests allow them.
  const fetch: FetchLike = overrides.fetch ?? (config.lifecycle.webhookAllowPrivate ? (url, init) => globalThis.fetch(url, init) : publicOnlyFetch);
  return (_event: unknown, context: Context) => invoke(context, async (owner) => {
    const summary = await deliverTick({ outbox, webhooks, clock }, { owner, fetch, logger });
    metrics.addMetric('NoticesDelivered', MetricUnit.Count, summary.delivered);
    metrics.addMetric('NoticesRetried', MetricUnit.Count, summary.retried);
    metrics.addMetric('NoticesDead', MetricUnit.Count, summary.dead);
    logger.info('outbox run done', { ...summary });
    return summary;
  });
}
