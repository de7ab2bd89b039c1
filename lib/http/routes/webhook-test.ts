// POST /v1/webhook/test (bidder): queues a signed test notice for the caller's webhook in the
// outbox (lib/notify/test-notice.ts) and answers 202 with its event id; the notice run delivers it.
import { createRoute } from '@hono/zod-openapi';
import { IdempotencyHeadersSchema } from '../../../schemas/api/common';
import { WebhookTestResponseSchema } from '../../../schemas/api/webhook-test';
import { queueTestNotice } from '../../notify/test-notice';
import { bidderOnly } from '../auth';
import type { AppDeps } from '../env';
import { idempotencyMiddleware } from '../idempotency';
import { ProblemError } from '../problem';
import { createRouter, problems, security } from '../router';
import type { LifecycleDeps } from './lifecycle-common';

export function webhookTestRoutes(app: ReturnType<typeof createRouter>, deps: AppDeps, lc: LifecycleDeps) {
  app.openapi(createRoute({
    method: 'post', path: '/v1/webhook/test', tags: ['lifecycle'], security,
    summary: 'Send a signed test notice to the caller\'s webhook (bidder): queued in the outbox, delivered like a curtailment notice',
    description: 'The body delivered is `{eventId, type: "test", bidderId, noticeTime, message}`, signed with X-Broker-Signature like every notice and retried the same way. 202 once queued (the notice run delivers it: within a minute deployed, seconds under npm start); 404 without a webhook; 422 when the registered URL is no longer allowed by the address policy.',
    middleware: [bidderOnly, idempotencyMiddleware(deps)] as const,
    request: { headers: IdempotencyHeadersSchema },
    responses: {
      202: { description: 'Queued', content: { 'application/json': { schema: WebhookTestResponseSchema } } },
      400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404], 422: problems[422],
    },
  }), async (c) => {
    const outcome = await queueTestNotice({ outbox: lc.outbox, directory: lc.webhooks, clock: lc.clock, policy: lc.webhookPolicy }, c.get('principal').bidderId);
    if (outcome.kind === 'no-webhook') throw new ProblemError(404, 'no webhook registered: PUT /v1/webhook (broker webhook set URL) first');
    if (outcome.kind === 'refused') throw new ProblemError(422, 'the registered webhook URL cannot receive notices', [{ path: 'url', message: outcome.message }]);
    return c.json(outcome.response, 202);
  });
}
