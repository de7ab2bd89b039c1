// POST /v1/auctions/{id}/clear (SPEC §4); the published files are served by published-files.ts.
import { randomUUID } from 'node:crypto';
import { createRoute } from '@hono/zod-openapi';
import { ClearRequestSchema, ClearResponseSchema } from '../../../schemas/lifecycle';
import { IdempotencyHeadersSchema } from '../../../schemas/api/common';
import { clearAuctionNow, prepareManualClear } from '../../lifecycle/clear-auction';
import { clearingDeps } from '../../lifecycle/services';
import { operatorOnly } from '../auth';
import { idempotencyMiddleware } from '../idempotency';
import { ProblemError } from '../problem';
import { createRouter, problems, security } from '../router';
import type { AppDeps } from '../env';
import { AuctionParamsSchema } from './auctions';
import type { LifecycleDeps } from './lifecycle-common';

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
}
