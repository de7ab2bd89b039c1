// Composition root of the scheduled functions (functions/clear.ts, functions/deliver-notices.ts):
// config → DynamoDB adapters → lifecycle services → the tick, inside a Lambda invocation (log
// context, metrics flushed). No HTTP app here. The engine is passed in by functions/clear.ts, and
// deliver-notices builds only the outbox and webhook stores, so its bundle carries neither the
// engine, HiGHS nor the market and lifecycle stores (budget: 600 KB, npm run bench:bundles).
import type { Context } from 'aws-lambda';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Config } from '../config';
import type { Clock } from '../kernel/ports';
import { systemClock } from '../kernel/system';
import type { ClearingEngine } from '../lifecycle/ports';
import { clearTick, deliverTick } from '../lifecycle/scheduled-ticks';
import type { FetchLike } from '../notify/deliver';
import { publicOnlyFetch } from '../notify/guarded-fetch';
import { createDocumentClient } from '../store/dynamodb-client';
import { createDynamoDbOutbox, createDynamoDbWebhooks } from '../store/dynamodb-notify-store';
import { createDynamoDbAdapters } from './dynamodb-adapters';
import { lifecycleServices } from './lifecycle-services';
import { createLogger, createMetrics } from './observability';

interface SchedulerOverrides { clock?: Clock; fetch?: FetchLike }

function scheduled(config: Config, overrides: SchedulerOverrides) {
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

/** functions/clear.ts: claims and clears due auctions, advances states, repairs fan-outs. */
export function createClearingHandler(config: Config, engine: ClearingEngine, overrides: SchedulerOverrides = {}) {
  const { clock, doc, logger, metrics, invoke } = scheduled(config, overrides);
  const adapters = createDynamoDbAdapters(doc, config.tableName, { clock });
  const services = lifecycleServices(config, adapters, engine, clock);
  return (_event: unknown, context: Context) => invoke(context, async (owner) => {
    const summary = await clearTick(services, { owner, metrics, logger });
    logger.info('clearing tick done', { auctions: summary.runs.length, fanOutRepaired: summary.fanOutRepaired });
    return { auctions: summary.runs.map((r) => ({ auctionId: r.auctionId, transitions: r.transitions, outcome: r.clear?.kind })), fanOutRepaired: summary.fanOutRepaired };
  });
}

/** functions/deliver-notices.ts: pushes due webhook notices from the outbox. */
export function createDeliveryHandler(config: Config, overrides: SchedulerOverrides = {}) {
  const { clock, doc, logger, metrics, invoke } = scheduled(config, overrides);
  const outbox = createDynamoDbOutbox(doc, config.tableName, clock);
  const webhooks = createDynamoDbWebhooks(doc, config.tableName);
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
