import { createRoute, z } from '@hono/zod-openapi';
import { AuctionListQuerySchema, AuctionPageSchema, AuctionSchema, CreateAuctionRequestSchema } from '../../../schemas/api/auctions';
import { IdempotencyHeadersSchema, IdSchema } from '../../../schemas/api/common';
import { createAuction, getAuction, listAuctions } from '../../market/auctions';
import type { AppDeps } from '../env';
import { operatorOnly } from '../auth';
import { problems, security, createRouter } from '../router';
import { idempotencyMiddleware } from '../idempotency';

export const AuctionParamsSchema = z.strictObject({ id: IdSchema });

export function auctionsRoutes(deps: AppDeps) {
  const app = createRouter();
  app.openapi(createRoute({
    method: 'post', path: '/v1/auctions', tags: ['auctions'], security, summary: 'Open an auction (operator)',
    middleware: [operatorOnly, idempotencyMiddleware(deps)] as const,
    request: { headers: IdempotencyHeadersSchema, body: { required: true, content: { 'application/json': { schema: CreateAuctionRequestSchema } } } },
    responses: { 201: { description: 'Created, status open', content: { 'application/json': { schema: AuctionSchema } } }, 400: problems[400], 401: problems[401], 403: problems[403], 415: problems[415], 422: problems[422] },
  }), async (c) => c.json(await createAuction(deps.market, c.req.valid('json')), 201));

  app.openapi(createRoute({
    method: 'get', path: '/v1/auctions', tags: ['auctions'], security, summary: 'List auctions (oldest first), filtered by zone, status and delivery window',
    description: 'A filtered page may hold fewer than `limit` auctions (even none) and still have a nextCursor: follow it until it is absent.',
    request: { query: AuctionListQuerySchema },
    responses: { 200: { description: 'A page of auctions', content: { 'application/json': { schema: AuctionPageSchema } } }, 400: problems[400], 401: problems[401] },
  }), async (c) => {
    const { limit, cursor, ...filter } = c.req.valid('query');
    return c.json(await listAuctions(deps.market, { limit, cursor }, filter), 200);
  });

  app.openapi(createRoute({
    method: 'get', path: '/v1/auctions/{id}', tags: ['auctions'], security, summary: 'One auction; status shows closed once the gate has closed',
    request: { params: AuctionParamsSchema },
    responses: { 200: { description: 'The auction', content: { 'application/json': { schema: AuctionSchema } } }, 401: problems[401], 404: problems[404] },
  }), async (c) => c.json(await getAuction(deps.market, c.req.valid('param').id), 200));
  return app;
}
