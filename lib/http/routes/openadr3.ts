// The OpenADR 3.0.1 VTN under /openadr3 (SPEC §5, docs/openadr.md): one sub-app with its own
// error bodies (the specification's problem, and RFC 6749 errors at auth/token) and its own
// authentication (OAuth 2 access tokens, not API keys).
import type { AppDeps } from '../env';
import { createTokenIssuer } from '../../openadr/tokens';
import { createOadrRouter, tokenMiddleware } from './openadr3-common';
import { openadr3AuthRoutes } from './openadr3-auth';
import { openadr3EventRoutes } from './openadr3-events';
import { openadr3ReportRoutes } from './openadr3-reports';
import { openadr3SubscriptionRoutes } from './openadr3-subscriptions';

export function openadr3Routes(deps: AppDeps) {
  const app = createOadrRouter(deps.logError);
  const tokens = createTokenIssuer(deps.market, deps.sessionSecret);
  const requireToken = tokenMiddleware(tokens, deps.rateLimit);
  app.use('/openadr3/*', async (c, next) => (c.req.path === '/openadr3/auth/token' ? next() : requireToken(c, next)));
  openadr3AuthRoutes(app, deps, tokens);
  const lc = deps.lifecycle;
  if (lc) openadr3EventRoutes(app, { market: deps.market, published: lc.store, feed: lc.events });
  if (lc?.meter) openadr3ReportRoutes(app, { market: deps.market, published: lc.store, feed: lc.events, meter: lc.meter });
  if (lc && deps.openadr) openadr3SubscriptionRoutes(app, { market: deps.market, store: deps.openadr.subscriptions, webhookPolicy: lc.webhookPolicy });
  app.openAPIRegistry.registerComponent('securitySchemes', 'oadrBearer', { type: 'http', scheme: 'bearer', description: 'OpenADR 3 access token from POST /openadr3/auth/token' });
  return app;
}
