// POST /v1/auctions/{id}/curtailments (operator): revised surplus for future intervals (SPEC §5);
// GET …/curtailments: each revision and what it cut; GET …/curtailments/{version}: whether its
// notice fan-out is complete.
import { createRoute, z } from '@hono/zod-openapi';
import { CurtailmentRequestSchema, CurtailmentResponseSchema, CurtailmentStatusSchema } from '../../../schemas/lifecycle';
import { CurtailmentListSchema } from '../../../schemas/api/curtailments';
import { listCurtailments } from '../../lifecycle/list-curtailments';
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
import { viewerOf, type LifecycleDeps } from './lifecycle-common';

/** A fan-out younger than this is left to its own request's background run, not repaired twice. */
const REPAIR_GRACE_MS = 60_000;

const CurtailmentListQuerySchema = z.strictObject({
  after: z.string().regex(/^[0-9]{1,6}$/).pipe(z.coerce.number<string>().int()).optional().describe('Versions after this one (the previous page\'s nextAfter)'),
  limit: z.string().regex(/^[0-9]{1,2}$/).pipe(z.coerce.number<string>().int().min(1).max(20)).default(5).describe('Curtailments per page (1..20; a national one lists thousands of cuts)'),
});

const CurtailmentParamsSchema = AuctionParamsSchema.extend({
  version: z.string().regex(/^[1-9][0-9]{0,5}$/).pipe(z.coerce.number<string>().int()).openapi({ param: { name: 'version', in: 'path' } }),
});

export function curtailmentRoutes(app: ReturnType<typeof createRouter>, deps: AppDeps, lc: LifecycleDeps) {
  /** Background work must never reject unobserved; a failure is logged and left to the repair. */
  const inBackground = (what: string, auctionId: string, work: () => Promise<unknown>) => {
    void work().catch((error: unknown) => {
      lc.metrics.addMetric('FanOutBackgroundFailed', 'Count', 1);
      lc.logger.error(`${what} failed; the scheduler's repair finishes it`, { auctionId, error: error instanceof Error ? error.message : String(error) });
    });
  };

  app.openapi(createRoute({
    method: 'post', path: '/v1/auctions/{id}/curtailments', tags: ['lifecycle'], security,
    summary: 'Revise the surplus of future intervals (operator); allocations above it are curtailed and the bidders notified',
    description: 'Interruptible load first, lowest price first, pro rata among equal prices; firm load only when interruptible load is exhausted. 409 when another curtailment was applied meanwhile. Firmness decides the order: interruptible allocations (curves by default, or bids with `firmness: interruptible`) first, firm ones (blocks by default) only below the firm level. The curtailment record (what each bid loses) is computed and committed before the answer; notices to many bidders are fanned out after it (`fanOut: "pending"`; `Location` names GET …/curtailments/{version}, which says when it is `complete`); a fan-out cut short is finished by the scheduler\'s repair.',
    middleware: [operatorOnly, idempotencyMiddleware(deps)] as const,
    request: { params: AuctionParamsSchema, headers: IdempotencyHeadersSchema, body: { required: true, content: { 'application/json': { schema: CurtailmentRequestSchema } } } },
    responses: { 200: { description: 'Applied (or nothing to curtail: changed = false)', content: { 'application/json': { schema: CurtailmentResponseSchema } } }, 400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404], 409: problems[409], 422: problems[422] },
  }), async (c) => {
    const { id } = c.req.valid('param');
    const auction = await lc.store.getAuction(id);
    if (!auction) throw new ProblemError(404, `auction ${id} not found`);
    // An earlier curtailment whose fan-out was cut short is finished too (idempotent), but not
    // in this request's time: a national fan-out takes seconds.
    inBackground('fan-out repair', id, () => repairFanOut({ store: lc.store, directory: lc.webhooks, subscribers: lc.subscribers ? { notice: lc.subscribers, published: lc.store } : undefined, clock: lc.clock, graceMs: REPAIR_GRACE_MS, logger: lc.logger, metrics: lc.metrics }));
    const outcome = await curtailAuction({ store: lc.store, directory: lc.webhooks, subscribers: lc.subscribers, clock: lc.clock }, id, c.req.valid('json'), { requestedBy: c.get('principal').keyId });
    switch (outcome.kind) {
      case 'not-found': throw new ProblemError(409, `auction ${id} has no published result yet (status ${auction.status})`, undefined, 'not-cleared');
      case 'invalid': throw new ProblemError(422, 'the revision does not fit the auction', outcome.issues.map((i) => ({ path: formatPath(i.path), message: i.message })));
      case 'conflict': throw new ProblemError(409, outcome.reason);
      case 'applied':
        if (outcome.finishFanOut) inBackground('notice fan-out', id, outcome.finishFanOut);
        // Where the new version's fan-out status is read (status code 200 kept: clients read it).
        if (outcome.response.changed) c.header('Location', `/v1/auctions/${id}/curtailments/${outcome.response.dispatchVersion}`);
        return c.json(outcome.response, 200);
    }
  });

  app.openapi(createRoute({
    method: 'get', path: '/v1/auctions/{id}/curtailments', tags: ['lifecycle'], security,
    summary: 'The curtailments of an auction, oldest first: who asked, when, the revised intervals, what each cut per bidder, the fan-out status',
    description: 'The operator sees every bidder\'s cut and the keyId that asked; a bidder sees the revisions and its own cuts. Paged by version (`after`, `limit`); a page also stops before 4 MB of JSON (always one curtailment at least) — follow `nextAfter`. An auction without a published result has none.',
    request: { params: AuctionParamsSchema, query: CurtailmentListQuerySchema },
    responses: { 200: { description: 'The curtailments', content: { 'application/json': { schema: CurtailmentListSchema } } }, 400: problems[400], 401: problems[401], 404: problems[404] },
  }), async (c) => {
    const { id } = c.req.valid('param');
    const list = await listCurtailments(lc.store, id, viewerOf(c.get('principal')), c.req.valid('query'));
    if (!list) throw new ProblemError(404, `auction ${id} not found`);
    return c.json(list, 200);
  });

  app.openapi(createRoute({
    method: 'get', path: '/v1/auctions/{id}/curtailments/{version}', tags: ['lifecycle'], security,
    summary: 'A committed curtailment (operator): when, and whether its notice fan-out is complete',
    middleware: [operatorOnly] as const,
    request: { params: CurtailmentParamsSchema },
    responses: { 200: { description: 'The curtailment', content: { 'application/json': { schema: CurtailmentStatusSchema } } }, 400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404] },
  }), async (c) => {
    const { id, version } = c.req.valid('param');
    const status = await lc.store.readCurtailmentStatus(id, version);
    if (!status) throw new ProblemError(404, `auction ${id} has no curtailment ${version}`);
    return c.json(status, 200);
  });
}
