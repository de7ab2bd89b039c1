// Logs and metrics of the deployed functions and npm start: Powertools, configured once.
// Metrics carry only Powertools' default `service` dimension; the namespace comes from
// POWERTOOLS_METRICS_NAMESPACE — the ClearingFailed alarm depends on exactly that.
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Config } from '../config';
import type { LoggerPort } from '../kernel/ports';

export function createLogger(config: Pick<Config, 'logLevel' | 'serviceName'>): Logger {
  return new Logger({ logLevel: config.logLevel, serviceName: config.serviceName });
}

export function createMetrics(config: Pick<Config, 'serviceName'>): Metrics {
  return new Metrics({ serviceName: config.serviceName });
}

/** Unexpected HTTP errors: logged with their stack, never sent to the caller. */
export function errorReporter(logger: LoggerPort): (message: string, error: unknown) => void {
  return (message, error) => logger.error(message, error instanceof Error ? { error } : { error: String(error) });
}
