// Composition root of functions/clear.ts: config → DynamoDB adapters → lifecycle services → the
// clearing tick, inside a Lambda invocation (log context, metrics flushed). No HTTP app here; the
// engine is passed in by functions/clear.ts. deliver-notices has its own root (delivery.ts), so its
// bundle carries neither the engine, HiGHS nor the market and lifecycle stores (budget: 600 KB).
import type { Context } from 'aws-lambda';
import type { Config } from '../config';
import type { ClearingEngine } from '../lifecycle/ports';
import { clearTick } from '../lifecycle/scheduled-ticks';
import { createDynamoDbAdapters } from './dynamodb-adapters';
import { lifecycleServices } from './lifecycle-services';
import { scheduled, type SchedulerOverrides } from './scheduled-invocation';

/** functions/clear.ts: claims and clears due auctions, advances states, repairs fan-outs. */
export function createClearingHandler(config: Config, engine: ClearingEngine, overrides: SchedulerOverrides = {}) {
  const { clock, doc, logger, metrics, invoke } = scheduled(config, overrides);
  const adapters = createDynamoDbAdapters(doc, config.tableName, { clock });
  const services = lifecycleServices(config, adapters, engine, clock);
  return (_event: unknown, context: Context) => invoke(context, async (owner) => {
    const summary = await clearTick(services, { owner, metrics, logger });
    logger.info('clearing tick done', { auctions: summary.runs.length, fanOutRepaired: summary.fanOutRepaired, orphanedBlobsRemoved: summary.orphanedBlobsRemoved });
    return { auctions: summary.runs.map((r) => ({ auctionId: r.auctionId, transitions: r.transitions, outcome: r.clear?.kind })), fanOutRepaired: summary.fanOutRepaired };
  });
}

