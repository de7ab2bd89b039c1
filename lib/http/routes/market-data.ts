// GET /v1/prices (any key) and the public transparency routes under /public (no key; SPEC §4):
// JSON, or CSV with Accept: text/csv or ?format=csv. Paged like GET /v1/auctions (by auctions).
import { createRoute, z } from '@hono/zod-openapi';
import { createMiddleware } from 'hono/factory';
import { PricePageSchema, PriceQuerySchema, PublicAuctionDetailSchema, PublicAuctionPageSchema, PublicDetailQuerySchema, PublicListQuerySchema } from '../../../schemas/api/market-data';
import { listPrices, listPublicAuctions, publicAuction, type MarketDataDeps } from '../../lifecycle/market-data';
import type { AppDeps, AppEnv } from '../env';
import { problem, ProblemError } from '../problem';
import { TokenBuckets } from '../rate-limit';
import { createRouter, problems, security } from '../router';
import { AuctionParamsSchema } from './auctions';
import { wantsCsv } from './settlement';
import { priceCsv, publicDetailCsv, publicListCsv } from './market-data-csv';
import { publicPageRoutes } from './public-pages';

const CSV = { 'content-type': 'text/csv; charset=utf-8', vary: 'accept' };
const csvOrJson = { 'application/json': {}, 'text/csv': { schema: z.string() } };

/** Public routes have no key: limited per client address with the API's per-key rate. */
export function publicRateLimit(deps: AppDeps) {
  const buckets = deps.rateLimit ? new TokenBuckets(deps.rateLimit.perSecond, deps.rateLimit.burst) : undefined;
  return createMiddleware<AppEnv>(async (c, next) => {
    const wait = buckets?.take(deps.clientAddress?.(c) ?? 'anonymous', Date.now()) ?? 0;
    if (wait > 0) return problem(c, 429, `rate limit of ${deps.rateLimit!.perSecond} requests/s per address exceeded`, undefined, { headers: { 'retry-after': String(wait) } });
    await next();
  });
}

export function marketDataDeps(deps: AppDeps): MarketDataDeps | undefined {
  const lc = deps.lifecycle;
  return lc && { market: deps.market, files: lc.store, published: lc.store };
}

export function marketDataRoutes(deps: AppDeps) {
  const app = createRouter();
  const md = marketDataDeps(deps);
  if (!md) return app;
  const csvWanted = (accept: string | undefined, format: string | undefined) => format === 'csv' || (format === undefined && wantsCsv(accept));
  const nextHeaders = (url: string, cursor: string | undefined): Record<string, string> => {
    if (cursor === undefined) return {};
    const u = new URL(url);
    u.searchParams.set('cursor', cursor);
    return { 'x-next-cursor': cursor, link: `<${u.pathname}${u.search}>; rel="next"` };
  };

  app.openapi(createRoute({
    method: 'get', path: '/v1/prices', tags: ['market data'], security,
    summary: 'Clearing price and MW per class per interval across the published auctions of a zone',
    description: 'One row per interval overlapping [from, to) of every cleared, delivering or settled auction; from < to, at most 93 days. Paged by auctions (`limit` auctions scanned per page): follow `nextCursor` (JSON) or `X-Next-Cursor` (CSV) until absent.',
    request: { query: PriceQuerySchema },
    responses: { 200: { description: 'A page of interval rows', content: { 'application/json': { schema: PricePageSchema }, 'text/csv': csvOrJson['text/csv'] } }, 400: problems[400], 401: problems[401] },
  }), async (c) => {
    const { limit, cursor, format, ...filter } = c.req.valid('query');
    const page = await listPrices(md, { limit, cursor }, filter);
    if (csvWanted(c.req.header('accept'), format)) return c.body(priceCsv(page.items), 200, { ...CSV, ...nextHeaders(c.req.url, page.nextCursor) });
    return c.json(page, 200);
  });

  app.use('/public/*', publicRateLimit(deps));
  app.route('/', publicPageRoutes(md));
  app.openapi(createRoute({
    method: 'get', path: '/public/auctions', tags: ['public'], summary: 'Published auctions (no key): welfare, bound, the book\'s digest',
    request: { query: PublicListQuerySchema },
    responses: { 200: { description: 'A page of published auctions', content: { 'application/json': { schema: PublicAuctionPageSchema }, 'text/csv': csvOrJson['text/csv'] } }, 400: problems[400], 429: problems[429] },
  }), async (c) => {
    const { limit, cursor, format, zone } = c.req.valid('query');
    const page = await listPublicAuctions(md, { limit, cursor }, { zone });
    if (csvWanted(c.req.header('accept'), format)) return c.body(publicListCsv(page.items), 200, { ...CSV, ...nextHeaders(c.req.url, page.nextCursor) });
    return c.json(page, 200);
  });

  app.openapi(createRoute({
    method: 'get', path: '/public/auctions/{id}', tags: ['public'], summary: 'One published auction (no key): interval prices, MW per class, unsold, curtailed MW in aggregate; no bidder names',
    request: { params: AuctionParamsSchema, query: PublicDetailQuerySchema },
    responses: { 200: { description: 'The auction\'s public results', content: { 'application/json': { schema: PublicAuctionDetailSchema }, 'text/csv': csvOrJson['text/csv'] } }, 400: problems[400], 404: problems[404], 429: problems[429] },
  }), async (c) => {
    const { id } = c.req.valid('param');
    const detail = await publicAuction(md, id);
    if (!detail) throw new ProblemError(404, `no published auction ${id}`);
    if (csvWanted(c.req.header('accept'), c.req.valid('query').format)) return c.body(publicDetailCsv(detail), 200, CSV);
    return c.json(detail, 200);
  });
  return app;
}
