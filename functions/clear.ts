// Lambda entry, scheduled every minute (EventBridge Scheduler): claims and clears auctions whose
// gate has closed, advances lifecycle states, repairs unfinished notice fan-outs. Thin: config →
// deps → clearTick. Metrics (ClearingFailed, …) carry only Powertools' default `service` dimension.
import type { Context } from 'aws-lambda';
import { createScheduledRuntime } from '../lib/wiring/scheduled-runtime';
import { clearTick } from '../lib/wiring/lifecycle';

const { runtime, logger, metrics } = createScheduledRuntime();

export const handler = async (_event: unknown, context: Context) => {
  logger.addContext(context);
  try {
    const summary = await clearTick(runtime.lifecycle, { owner: context.awsRequestId, metrics, logger });
    logger.info('clearing tick done', { auctions: summary.runs.length, fanOutRepaired: summary.fanOutRepaired });
    return { auctions: summary.runs.map((r) => ({ auctionId: r.auctionId, transitions: r.transitions, outcome: r.clear?.kind })), fanOutRepaired: summary.fanOutRepaired };
  } finally {
    metrics.publishStoredMetrics();
  }
};
