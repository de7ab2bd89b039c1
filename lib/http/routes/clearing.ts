// POST /v1/auctions/{id}/clear, GET /v1/auctions/{id}/result, GET /v1/auctions/{id}/book (SPEC §4).
import { createRoute } from '@hono/zod-openapi';
import { ClearRequestSchema, ClearResponseSchema } from '../../../schemas/lifecycle';
import { ResultSchema } from '../../../schemas/result';
import { BookSchema } from '../../../schemas/book';
import { IdempotencyHeadersSchema } from '../../../schemas/api/common';
import { prepareManualClear } from '../../lifecycle/clear-auction';
import { resultFor } from '../../lifecycle/views';
import { operatorOnly } from '../auth';
import { idempotencyMiddleware } from '../idempotency';
import { ProblemError } from '../problem';
import { createRouter, problems, security } from '../router';
import type { AppDeps } from '../env';
import { AuctionParamsSchema } from './auctions';
import { JSON_TYPE, requirePublishedFiles, viewerOf, type LifecycleDeps } from './lifecycle-common';

export function clearingRoutes(app: ReturnType<typeof createRouter>, deps: AppDeps, lc: LifecycleDeps) {
  app.openapi(createRoute({
    method: 'post', path: '/v1/auctions/{id}/clear', tags: ['lifecycle'], security,
    summary: 'Clear now (operator): 409 before gate closure unless {"force": true} closes the gate now',
    description: 'Makes the auction due for clearing — closes the gate now with force, or reopens a failed auction with force — and answers 202 at once, locally and deployed alike. The clearing runs outside the request (deployed: the clear function, within a minute; npm start: its scheduler, woken at once). Poll GET /v1/auctions/{id} (the Location header) until `status` is `cleared` (then GET …/result) or `failed` (see `failure`).',
    middleware: [operatorOnly, idempotencyMiddleware(deps)] as const,
    request: { params: AuctionParamsSchema, headers: IdempotencyHeadersSchema, body: { required: false, content: { 'application/json': { schema: ClearRequestSchema } } } },
    responses: {
      202: {
        description: 'Due for clearing (`outcome: scheduled`); `status` is the auction\'s status now. Poll the auction (Location) for `cleared` or `failed`.',
        headers: { Location: { description: 'The auction to poll: /v1/auctions/{id}', schema: { type: 'string' } } },
        content: { 'application/json': { schema: ClearResponseSchema } },
      },
      400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404], 409: problems[409],
    },
  }), async (c) => {
    const { id } = c.req.valid('param');
    const force = (c.req.valid('json') as { force?: boolean } | undefined)?.force === true;
    const auction = await lc.store.getAuction(id);
    if (!auction) throw new ProblemError(404, `auction ${id} not found`);
    const prepared = await prepareManualClear(lc, auction, force);
    if (prepared.kind === 'conflict') throw new ProblemError(409, prepared.reason);
    await lc.clearingTrigger?.requestClearing(id).catch((error: unknown) => lc.logger.warn('could not wake the clearing; the schedule clears it', { auctionId: id, error: String(error) }));
    c.header('location', `/v1/auctions/${encodeURIComponent(id)}`);
    return c.json({ auctionId: id, status: prepared.auction.status, transitions: prepared.transitions, outcome: 'scheduled' as const }, 202);
  });

  // These two send stored bytes as they are (c.json would re-serialize them), so they are
  // registered for OpenAPI and served by plain handlers.
  const resultRoute = createRoute({
    method: 'get', path: '/v1/auctions/{id}/result', tags: ['lifecycle'], security,
    summary: 'The published result (SPEC §3): intervals for everyone; all bids for the operator, own bids for a bidder',
    description: 'The operator receives the published bytes exactly (the output of `broker clear` on the book from GET …/book). 409 until the result is published: a reader sees no result or the whole one.',
    request: { params: AuctionParamsSchema },
    responses: { 200: { description: 'The result file', content: { 'application/json': { schema: ResultSchema } } }, 400: problems[400], 401: problems[401], 404: problems[404], 409: problems[409] },
  });
  app.openAPIRegistry.registerPath(resultRoute);
  app.get('/v1/auctions/:id/result', async (c) => {
    const { files } = await requirePublishedFiles(lc, auctionIdParam(c.req.param('id')));
    const viewer = viewerOf(c.get('principal'));
    if (viewer.role === 'operator') return c.body(files.resultJson, 200, JSON_TYPE);
    const book = BookSchema.parse(JSON.parse(files.bookJson));
    const result = ResultSchema.parse(JSON.parse(files.resultJson));
    return c.body(lc.engine.serialize(resultFor(result, book, viewer)), 200, JSON_TYPE);
  });

  const bookRoute = createRoute({
    method: 'get', path: '/v1/auctions/{id}/book', tags: ['lifecycle'], security,
    summary: 'The exact book that was cleared (operator); its inputDigest is the result\'s',
    request: { params: AuctionParamsSchema },
    responses: { 200: { description: 'The book file (surplus-auction/v1)', content: { 'application/json': { schema: BookSchema } } }, 400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404], 409: problems[409] },
  });
  app.openAPIRegistry.registerPath(bookRoute);
  app.get('/v1/auctions/:id/book', operatorOnly, async (c) => {
    const { files } = await requirePublishedFiles(lc, auctionIdParam(c.req.param('id')));
    return c.body(files.bookJson, 200, JSON_TYPE);
  });
}

function auctionIdParam(id: string | undefined): string {
  const parsed = AuctionParamsSchema.safeParse({ id });
  if (!parsed.success) throw new ProblemError(400, 'the request param is invalid', [{ path: 'id', message: parsed.error.issues[0]?.message ?? 'invalid' }], 'validation');
  return parsed.data.id;
}
