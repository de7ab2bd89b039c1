import { createRoute, z } from '@hono/zod-openapi';
import { BidInputSchema, BidPageSchema, BidPatchSchema, StoredBidSchema } from '../../../schemas/api/bids';
import { IdempotencyHeadersSchema, IdSchema, PageQuerySchema } from '../../../schemas/api/common';
import { cancelBid, getBid, listBids, patchBid, submitBid } from '../../market/bids';
import type { AppDeps } from '../env';
import { bidderOnly } from '../auth';
import { problems, security, createRouter } from '../router';
import { idempotencyMiddleware } from '../idempotency';
import { AuctionParamsSchema } from './auctions';

const BidParamsSchema = z.strictObject({ id: IdSchema, bidId: IdSchema });
const json = <T extends z.ZodType>(schema: T) => ({ 'application/json': { schema } });

export function bidsRoutes(deps: AppDeps) {
  const app = createRouter();
  app.openapi(createRoute({
    method: 'post', path: '/v1/auctions/{id}/bids', tags: ['bids'], security,
    summary: 'Submit a bid (bidder): a book bid without id/bidder; class from the key; a block gives one of mw, workload or profile; parentId names an own block without a parent (422 at parentId otherwise)',
    middleware: [bidderOnly, idempotencyMiddleware(deps)] as const,
    request: { params: AuctionParamsSchema, headers: IdempotencyHeadersSchema, body: { required: true, content: { 'application/json': { schema: BidInputSchema } } } },
    responses: { 201: { description: 'Stored, with its id', content: json(StoredBidSchema) }, 400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404], 409: problems[409], 415: problems[415], 422: problems[422] },
  }), async (c) => {
    const idempotency = c.get('idempotency');
    const bid = await submitBid(deps.market, c.get('principal'), c.req.valid('param').id, c.req.valid('json'),
      idempotency && ((stored) => idempotency.complete({ status: 201, contentType: 'application/json', body: JSON.stringify(stored) })));
    return c.json(bid, 201);
  });

  app.openapi(createRoute({
    method: 'get', path: '/v1/auctions/{id}/bids', tags: ['bids'], security, summary: 'Own bids (all bids for the operator), paginated',
    request: { params: AuctionParamsSchema, query: PageQuerySchema },
    responses: { 200: { description: 'A page of bids', content: json(BidPageSchema) }, 400: problems[400], 401: problems[401], 404: problems[404] },
  }), async (c) => c.json(await listBids(deps.market, c.get('principal'), c.req.valid('param').id, c.req.valid('query')), 200));

  app.openapi(createRoute({
    method: 'get', path: '/v1/auctions/{id}/bids/{bidId}', tags: ['bids'], security, summary: 'One own bid (404 for another bidder\'s)',
    request: { params: BidParamsSchema },
    responses: { 200: { description: 'The bid', content: json(StoredBidSchema) }, 401: problems[401], 404: problems[404] },
  }), async (c) => {
    const { id, bidId } = c.req.valid('param');
    return c.json(await getBid(deps.market, c.get('principal'), id, bidId), 200);
  });

  app.openapi(createRoute({
    method: 'patch', path: '/v1/auctions/{id}/bids/{bidId}', tags: ['bids'], security, summary: 'Change an own bid before gate closure (JSON merge patch: null removes parentId, exclusiveGroup, firmness, profile; the merged bid is re-validated)',
    middleware: [bidderOnly] as const,
    request: { params: BidParamsSchema, body: { required: true, content: json(BidPatchSchema) } },
    responses: { 200: { description: 'The changed bid', content: json(StoredBidSchema) }, 400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404], 409: problems[409], 415: problems[415], 422: problems[422] },
  }), async (c) => {
    const { id, bidId } = c.req.valid('param');
    return c.json(await patchBid(deps.market, c.get('principal'), id, bidId, c.req.valid('json')), 200);
  });

  app.openapi(createRoute({
    method: 'delete', path: '/v1/auctions/{id}/bids/{bidId}', tags: ['bids'], security, summary: 'Cancel an own bid before gate closure; 409 while it is the parent of linked blocks',
    middleware: [bidderOnly] as const,
    request: { params: BidParamsSchema },
    responses: { 204: { description: 'Cancelled' }, 401: problems[401], 403: problems[403], 404: problems[404], 409: problems[409] },
  }), async (c) => {
    const { id, bidId } = c.req.valid('param');
    await cancelBid(deps.market, c.get('principal'), id, bidId);
    return c.body(null, 204);
  });
  return app;
}
