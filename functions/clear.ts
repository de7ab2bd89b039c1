// Lambda entry, scheduled every minute (EventBridge Scheduler): claims and clears auctions whose
// gate has closed, advances lifecycle states, repairs unfinished notice fan-outs. Thin: config →
// deps → clearTick. Metrics (ClearingFailed, …) carry only Powertools' default `service` dimension.
import type { Context } from 'aws-lambda';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { loadConfig } from '../lib/config';
import { createRuntime } from '../lib/http/runtime';
import { clearTick } from '../lib/wiring/lifecycle';

const config = loadConfig();
const runtime = createRuntime(config);
const logger = new Logger({ logLevel: config.logLevel, serviceName: config.serviceName });
// Namespace from POWERTOOLS_METRICS_NAMESPACE; `service` (the only dimension) from POWERTOOLS_SERVICE_NAME.
const metrics = new Metrics({ serviceName: config.serviceName });

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
