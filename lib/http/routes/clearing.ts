// POST /v1/auctions/{id}/clear, GET /v1/auctions/{id}/result, GET /v1/auctions/{id}/book (SPEC §4).
import { randomUUID } from 'node:crypto';
import { createRoute } from '@hono/zod-openapi';
import { ClearRequestSchema, ClearResponseSchema } from '../../../schemas/lifecycle';
import { ResultSchema } from '../../../schemas/result';
import { BookSchema } from '../../../schemas/book';
import { IdempotencyHeadersSchema } from '../../../schemas/api/common';
import { clearAuctionNow, prepareManualClear } from '../../lifecycle/clear-auction';
import { resultFor } from '../../lifecycle/views';
import { clearingDeps } from '../../lifecycle/services';
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
    description: 'Normally the schedule clears each auction once its gate has closed. With BROKER_HTTP_CLEAR_TIME_LIMIT_S > 0 the solve runs inside this request (200); otherwise the request closes the gate (or reopens a failed auction with force) and the schedule clears it within a tick (202).',
    middleware: [operatorOnly, idempotencyMiddleware(deps)] as const,
    request: { params: AuctionParamsSchema, headers: IdempotencyHeadersSchema, body: { required: false, content: { 'application/json': { schema: ClearRequestSchema } } } },
    responses: {
      200: { description: 'Cleared in this request (see outcome); `status` is the auction\'s status now', content: { 'application/json': { schema: ClearResponseSchema } } },
      202: { description: 'Due for clearing: the schedule clears it within a tick', content: { 'application/json': { schema: ClearResponseSchema } } },
      400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404], 409: problems[409],
    },
  }), async (c) => {
    const { id } = c.req.valid('param');
    const force = (c.req.valid('json') as { force?: boolean } | undefined)?.force === true;
    const auction = await lc.store.getAuction(id);
    if (!auction) throw new ProblemError(404, `auction ${id} not found`);
    if (lc.clearing.httpTimeLimitMs === 0) {
      const prepared = await prepareManualClear(lc, auction, force);
      if (prepared.kind === 'conflict') throw new ProblemError(409, prepared.reason);
      return c.json({ auctionId: id, status: prepared.auction.status, transitions: prepared.transitions, outcome: 'scheduled' as const }, 202);
    }
    const run = clearingDeps(lc, { owner: `http-${randomUUID()}`, metrics: lc.metrics, logger: lc.logger, timeLimitMs: lc.clearing.httpTimeLimitMs });
    const outcome = await clearAuctionNow(run, auction, force);
    if (outcome.kind === 'conflict') throw new ProblemError(409, outcome.reason);
    const clear = outcome.run.clear;
    if (clear?.kind === 'not-claimed') throw new ProblemError(409, 'another run is clearing this auction', undefined, 'clearing-in-progress');
    const now = await lc.store.getAuction(id);
    return c.json({
      auctionId: id, status: now!.status, transitions: outcome.run.transitions,
      ...(clear ? { outcome: clear.kind } : {}),
      ...(clear && (clear.kind === 'retry-later' || clear.kind === 'failed') ? { reason: clear.reason } : {}),
    }, 200);
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
