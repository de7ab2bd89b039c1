// The HTTP API (SPEC §4) as one Hono app: served by @hono/node-server locally (apps/local)
// and by API Gateway + Lambda (functions/api.ts), unchanged. One sub-app per resource.
import { HTTPException } from 'hono/http-exception';
import { bodyLimit } from 'hono/body-limit';
import type { Context } from 'hono';
import type { AppDeps } from './env';
import { createRouter } from './router';
import { problem, ProblemError } from './problem';
import { authMiddleware } from './auth';
import { MarketError } from '../market/errors';
import { InvalidCursorError } from '../market/ports';
import { metaRoutes } from './routes/meta';
import { keysRoutes } from './routes/keys';
import { auctionsRoutes } from './routes/auctions';
import { forecastsRoutes } from './routes/forecasts';
import { bidsRoutes } from './routes/bids';
import { lifecycleRoutes } from './routes/lifecycle';
import { marketDataRoutes } from './routes/market-data';
import { openadr3Routes } from './routes/openadr3';
import { randomBytes } from 'node:crypto';
import { createDashboard } from '../dashboard/app';
import { endSession, isSessionEnded } from '../market/sessions';

export const MAX_BODY_BYTES = 1024 * 1024;

const MARKET_STATUS = { 'not-found': 404, conflict: 409, invalid: 422, forbidden: 403, unauthorized: 401 } as const;

export function createApp(deps: AppDeps) {
  const app = createRouter();

  // The rest of a refused body is never read, so the connection cannot carry another request:
  // say so (Connection: close) instead of letting the client reuse a socket the server drops.
  const tooLarge = (c: Context) => problem(c, 413, `the body exceeds ${MAX_BODY_BYTES} bytes`, undefined, { headers: { connection: 'close' } });
  app.use('*', bodyLimit({ maxSize: MAX_BODY_BYTES, onError: tooLarge }));
  app.use('/v1/*', authMiddleware(deps));

  app.route('/', metaRoutes());
  app.route('/', keysRoutes(deps));
  app.route('/', auctionsRoutes(deps));
  app.route('/', forecastsRoutes(deps));
  app.route('/', bidsRoutes(deps));
  app.route('/', lifecycleRoutes(deps));
  app.route('/', marketDataRoutes(deps));
  // The OpenADR 3 VTN (docs/openadr.md): its own tokens and error bodies.
  app.route('/', openadr3Routes(deps));
  // The operator dashboard (docs/dashboard.md): server-rendered pages that read this same API in process.
  app.route('/dashboard', createDashboard({
    api: async (path, init) => app.request(path, init),
    sessionSecret: deps.sessionSecret ?? randomBytes(32),
    sessions: { end: (id, expiresAt) => endSession(deps.market, id, expiresAt), isEnded: (id) => isSessionEnded(deps.market, id) },
  }));

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', description: 'API key from POST /v1/keys (or BROKER_BOOTSTRAP_KEY)' });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'Surplus Broker API', version: '1.0.0', description: 'Auctions of surplus grid power to AI data centres and Bitcoin miners. Errors are RFC 9457 application/problem+json.' },
  });

  const routes = () => app.routes.filter((r) => r.method !== 'ALL').map((r) => ({
    method: r.method,
    pattern: new RegExp(`^${r.path.replace(/:[^/]+/g, '[^/]+')}/?$`),
  }));
  let known: ReturnType<typeof routes> | undefined;

  app.notFound((c: Context) => {
    known ??= routes();
    const allowed = [...new Set(known.filter((r) => r.pattern.test(c.req.path)).map((r) => r.method))];
    if (allowed.length > 0 && !allowed.includes(c.req.method)) return problem(c, 405, `${c.req.method} is not allowed here`, undefined, { headers: { allow: allowed.join(', ') } });
    return problem(c, 404, `no route ${c.req.method} ${c.req.path}`);
  });

  app.onError((error, c) => {
    if (error instanceof MarketError) return problem(c, MARKET_STATUS[error.kind], error.message, error.errors);
    if (error instanceof ProblemError) return problem(c, error.status, error.message, error.errors, error.slug ? { slug: error.slug } : {});
    if (error instanceof InvalidCursorError) return problem(c, 400, 'the cursor is not one this listing returned', [{ path: 'cursor', message: 'invalid' }]);
    if (error instanceof HTTPException) {
      const status = error.status;
      if (status === 413) return tooLarge(c);
      return problem(c, status as 400, error.message || undefined, undefined, status === 400 ? { slug: 'malformed' } : {});
    }
    deps.logError?.('unhandled error', error);
    return problem(c, 500, 'internal error');
  });
  return app;
}

export type App = ReturnType<typeof createApp>;
