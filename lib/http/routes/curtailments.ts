// POST /v1/auctions/{id}/curtailments (operator): revised surplus for future intervals (SPEC §5).
import { createRoute } from '@hono/zod-openapi';
import { CurtailmentRequestSchema, CurtailmentResponseSchema } from '../../../schemas/lifecycle';
import { IdempotencyHeadersSchema } from '../../../schemas/api/common';
import { curtailAuction } from '../../lifecycle/curtail-auction';
import { repairFanOut } from '../../lifecycle/repair-fan-out';
import { formatPath } from '../../kernel/field-path';
import { operatorOnly } from '../auth';
import { idempotencyMiddleware } from '../idempotency';
import { ProblemError } from '../problem';
import { createRouter, problems, security } from '../router';
import type { AppDeps } from '../env';
import { AuctionParamsSchema } from './auctions';
import type { LifecycleDeps } from './lifecycle-common';

export function curtailmentRoutes(app: ReturnType<typeof createRouter>, deps: AppDeps, lc: LifecycleDeps) {
  app.openapi(createRoute({
    method: 'post', path: '/v1/auctions/{id}/curtailments', tags: ['lifecycle'], security,
    summary: 'Revise the surplus of future intervals (operator); allocations above it are curtailed and the bidders notified',
    description: 'Interruptible (curve) load first, lowest price first, pro rata among equal prices; firm blocks only when curve load is exhausted. 409 when another curtailment was applied meanwhile.',
    middleware: [operatorOnly, idempotencyMiddleware(deps)] as const,
    request: { params: AuctionParamsSchema, headers: IdempotencyHeadersSchema, body: { required: true, content: { 'application/json': { schema: CurtailmentRequestSchema } } } },
    responses: { 200: { description: 'Applied (or nothing to curtail: changed = false)', content: { 'application/json': { schema: CurtailmentResponseSchema } } }, 400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404], 409: problems[409], 422: problems[422] },
  }), async (c) => {
    const { id } = c.req.valid('param');
    const auction = await lc.store.getAuction(id);
    if (!auction) throw new ProblemError(404, `auction ${id} not found`);
    // An earlier curtailment whose fan-out was cut short is finished first (idempotent).
    await repairFanOut({ store: lc.store, directory: lc.webhooks, clock: lc.clock, logger: lc.logger, metrics: lc.metrics });
    const outcome = await curtailAuction({ store: lc.store, directory: lc.webhooks, clock: lc.clock }, id, c.req.valid('json'));
    switch (outcome.kind) {
      case 'not-found': throw new ProblemError(409, `auction ${id} has no published result yet (status ${auction.status})`, undefined, 'not-cleared');
      case 'invalid': throw new ProblemError(422, 'the revision does not fit the auction', outcome.issues.map((i) => ({ path: formatPath(i.path), message: i.message })));
      case 'conflict': throw new ProblemError(409, outcome.reason);
      case 'applied': return c.json(outcome.response, 200);
    }
  });
}
