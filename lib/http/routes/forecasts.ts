import { createRoute } from '@hono/zod-openapi';
import { ForecastCsvSchema, ForecastQuerySchema, ForecastRequestSchema, ForecastSchema, ForecastVersionsSchema, type ForecastRequest } from '../../../schemas/api/forecasts';
import { getForecast, listForecastVersions, parseForecastCsv, putForecast } from '../../market/forecasts';
import type { AppDeps } from '../env';
import { AuctionSchema, IndicesRequestSchema } from '../../../schemas/api/auctions';
import { setIndices } from '../../market/indices';
import { operatorOnly } from '../auth';
import { ProblemError } from '../problem';
import { problems, security, createRouter } from '../router';
import { AuctionParamsSchema } from './auctions';
import { idempotencyMiddleware } from '../idempotency';
import { IdempotencyHeadersSchema } from '../../../schemas/api/common';

export function forecastsRoutes(deps: AppDeps) {
  const app = createRouter();
  app.openapi(createRoute({
    method: 'put', path: '/v1/auctions/{id}/forecast', tags: ['forecasts'], security,
    summary: 'Upload a forecast version (operator), JSON or CSV (optional firm_mw column); firmMw ≤ surplusMw; only before gate closure (409 after: revise with a curtailment)',
    middleware: [operatorOnly, idempotencyMiddleware(deps)] as const,
    request: {
      params: AuctionParamsSchema,
      headers: IdempotencyHeadersSchema,
      body: { required: false, content: { 'application/json': { schema: ForecastRequestSchema }, 'text/csv': { schema: ForecastCsvSchema } } },
    },
    responses: { 200: { description: 'Stored as the latest version', content: { 'application/json': { schema: ForecastSchema } } }, 400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404], 409: problems[409], 415: problems[415], 422: problems[422] },
  }), async (c) => {
    const { id } = c.req.valid('param');
    const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    const body = c.req.valid('json');
    let request: ForecastRequest;
    if (type === 'text/csv') {
      const parsed = parseForecastCsv(await c.req.text());
      if (!parsed.ok) throw new ProblemError(400, 'the CSV forecast is invalid', parsed.errors, 'validation');
      request = parsed.value;
    } else if (type === 'application/json' && typeof body === 'object') {
      request = body;
    } else {
      throw new ProblemError(415, 'send application/json or text/csv');
    }
    return c.json(await putForecast(deps.market, id, request), 200);
  });

  app.openapi(createRoute({
    method: 'get', path: '/v1/auctions/{id}/forecast', tags: ['forecasts'], security, summary: 'The latest forecast version, or version N with ?version=N',
    request: { params: AuctionParamsSchema, query: ForecastQuerySchema },
    responses: { 200: { description: 'The version asked for (default: the latest)', content: { 'application/json': { schema: ForecastSchema } } }, 400: problems[400], 401: problems[401], 404: problems[404] },
  }), async (c) => c.json(await getForecast(deps.market, c.req.valid('param').id, c.req.valid('query').version), 200));

  app.openapi(createRoute({
    method: 'get', path: '/v1/auctions/{id}/forecast/versions', tags: ['forecasts'], security, summary: 'Every forecast version, oldest first (without the intervals)',
    request: { params: AuctionParamsSchema },
    responses: { 200: { description: 'The versions', content: { 'application/json': { schema: ForecastVersionsSchema } } }, 401: problems[401], 404: problems[404] },
  }), async (c) => c.json(await listForecastVersions(deps.market, c.req.valid('param').id), 200));

  app.openapi(createRoute({
    method: 'put', path: '/v1/auctions/{id}/indices', tags: ['forecasts'], security,
    summary: 'Publish index values (operator): hashprice, which prices indexed miner steps; only before gate closure, the values then in force go into the book. asOf at most one day after now (422 at hashprice.asOf); moves the auction\'s updatedAt',
    middleware: [operatorOnly, idempotencyMiddleware(deps)] as const,
    request: { params: AuctionParamsSchema, headers: IdempotencyHeadersSchema, body: { required: true, content: { 'application/json': { schema: IndicesRequestSchema } } } },
    responses: { 200: { description: 'The auction with its index values', content: { 'application/json': { schema: AuctionSchema } } }, 400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404], 409: problems[409], 415: problems[415], 422: problems[422] },
  }), async (c) => c.json(await setIndices(deps.market, c.req.valid('param').id, c.req.valid('json')), 200));
  return app;
}
