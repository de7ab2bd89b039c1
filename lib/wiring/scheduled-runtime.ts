// What both scheduled Lambda entry points build once per container: config, the runtime (store,
// lifecycle wiring), a Powertools Logger and Metrics. Metrics carry only Powertools' default
// `service` dimension (from POWERTOOLS_SERVICE_NAME); the namespace comes from
// POWERTOOLS_METRICS_NAMESPACE — the ClearingFailed alarm depends on exactly that.
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { loadConfig } from '../config';
import { createRuntime } from '../http/runtime';

export function createScheduledRuntime(env: NodeJS.ProcessEnv = process.env) {
  const config = loadConfig(env);
  return {
    config,
    runtime: createRuntime(config),
    logger: new Logger({ logLevel: config.logLevel, serviceName: config.serviceName }),
    metrics: new Metrics({ serviceName: config.serviceName }),
  };
}
