// POST /v1/auctions/{id}/clear (SPEC §4); the published files are served by published-files.ts.
import { createRoute } from '@hono/zod-openapi';
import { ClearRequestSchema, ClearResponseSchema } from '../../../schemas/lifecycle';
import { IdempotencyHeadersSchema } from '../../../schemas/api/common';
import { prepareManualClear } from '../../lifecycle/clear-auction';
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
}
