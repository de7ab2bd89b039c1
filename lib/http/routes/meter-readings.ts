// POST /v1/auctions/{id}/meter-readings (bidder): metered energy per bid and interval, JSON or
// CSV, for bidders without a VEN; the same store as OpenADR USAGE reports (docs/openadr.md).
import { createRoute } from '@hono/zod-openapi';
import { MeterReadingsCsvSchema, MeterReadingsRequestSchema, MeterReadingsResponseSchema, parseMeterReadingsCsv, type MeterReadingsRequest } from '../../../schemas/api/meter-readings';
import { IdempotencyHeadersSchema } from '../../../schemas/api/common';
import { recordMeterReadings, type MeterReadingStore } from '../../lifecycle/meter-readings';
import { bidderOnly } from '../auth';
import type { AppDeps } from '../env';
import { idempotencyMiddleware } from '../idempotency';
import { ProblemError } from '../problem';
import { problems, security, type createRouter } from '../router';
import { AuctionParamsSchema } from './auctions';

export function meterReadingRoutes(app: ReturnType<typeof createRouter>, deps: AppDeps, meter: MeterReadingStore) {
  app.openapi(createRoute({
    method: 'post', path: '/v1/auctions/{id}/meter-readings', tags: ['lifecycle'], security,
    summary: 'Report metered energy per bid and interval (bidder), JSON or CSV; from gate closure until the auction is settled, a later reading replaces an earlier one',
    description: '409 once the auction is settled (its statements are final); 404 (the first such reading\'s path) for a bid that is not the caller\'s, another bidder\'s or unknown alike; 503 when the write kept conflicting with concurrent ones (the readings stored so far are kept: send it again). Settlement then charges the metered energy up to what was allowed; energy above it at the imbalance price, flagged as a breach (docs/lifecycle.md § Metered settlement). OpenADR VENs report the same through POST /openadr3/reports.',
    middleware: [bidderOnly, idempotencyMiddleware(deps)] as const,
    request: {
      params: AuctionParamsSchema, headers: IdempotencyHeadersSchema,
      body: { required: false, content: { 'application/json': { schema: MeterReadingsRequestSchema }, 'text/csv': { schema: MeterReadingsCsvSchema } } },
    },
    responses: {
      200: { description: 'Recorded', content: { 'application/json': { schema: MeterReadingsResponseSchema } } },
      400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404], 409: problems[409], 415: problems[415], 422: problems[422], 503: problems[503],
    },
  }), async (c) => {
    const { id } = c.req.valid('param');
    const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    const body = c.req.valid('json');
    let request: MeterReadingsRequest;
    if (type === 'text/csv') {
      const parsed = parseMeterReadingsCsv(await c.req.text());
      if (!parsed.ok) throw new ProblemError(400, 'the CSV readings are invalid', parsed.errors, 'validation');
      request = parsed.value;
    } else if (type === 'application/json' && typeof body === 'object') {
      request = body;
    } else {
      throw new ProblemError(415, 'send application/json or text/csv');
    }
    const inputs = request.readings.map((r, i) => ({ ...r, path: `readings[${i}]` }));
    const out = await recordMeterReadings({ market: deps.market, meter }, c.get('principal').bidderId, id, inputs, 'api');
    switch (out.kind) {
      case 'not-found': throw new ProblemError(404, `auction ${id} not found`);
      case 'too-early': throw new ProblemError(409, `readings are taken from gate closure on (${out.gateClosure})`, undefined, 'too-early');
      case 'invalid': throw new ProblemError(422, 'the readings do not fit the auction', out.errors);
      case 'refused':
        if (out.reason === 'settled') throw new ProblemError(409, out.errors[0]?.message ?? `auction ${id} is settled`, undefined, 'settled');
        if (out.reason === 'busy') throw new ProblemError(503, out.errors[0]?.message ?? 'busy: send the readings again', undefined, 'busy');
        throw new ProblemError(404, 'a reading names no bid of yours', out.errors);
      case 'recorded': return c.json({ auctionId: id, accepted: out.accepted, superseded: out.superseded }, 200);
    }
  });
}
