// The lifecycle resources in one sub-app (registered by createApp when lifecycle deps are given).
import type { AppDeps } from '../env';
import { createRouter } from '../router';
import { clearingRoutes } from './clearing';
import { curtailmentRoutes } from './curtailments';
import { noticesRoutes } from './notices';
import { publishedFileRoutes } from './published-files';
import { settlementRoutes } from './settlement';
import { webhookTestRoutes } from './webhook-test';
import { meterReadingRoutes } from './meter-readings';

export function lifecycleRoutes(deps: AppDeps) {
  const app = createRouter();
  const lc = deps.lifecycle;
  if (!lc) return app;
  clearingRoutes(app, deps, lc);
  publishedFileRoutes(app, lc);
  curtailmentRoutes(app, deps, lc);
  noticesRoutes(app, lc);
  settlementRoutes(app, lc);
  webhookTestRoutes(app, deps, lc);
  if (lc.meter) meterReadingRoutes(app, deps, lc.meter);
  return app;
}
