// POST /openadr3/reports: a VEN's USAGE report → the meter readings settlement charges (SPEC §5).
import { createRoute } from '@hono/zod-openapi';
import { ReportSchema } from '../../openadr/objects';
import { acceptReport } from '../../openadr/reports';
import type { MeterReadingStore } from '../../lifecycle/meter-readings';
import type { VtnReadDeps } from '../../openadr/vtn-reads';
import { isoUtc } from '../../kernel/interval-time';
import { ProblemError } from '../problem';
import { oadrProblems, oadrSecurity, venOnly, type OadrRouter } from './openadr3-common';

export function openadr3ReportRoutes(app: OadrRouter, deps: VtnReadDeps & { meter: MeterReadingStore }) {
  app.openapi(createRoute({
    method: 'post', path: '/openadr3/reports', tags: ['openadr3'], security: oadrSecurity,
    summary: 'Report USAGE (KWH) per interval for the VEN\'s resources (bids); from gate closure on, a later report replaces an earlier one',
    middleware: [venOnly] as const,
    request: { body: { required: true, content: { 'application/json': { schema: ReportSchema } } } },
    responses: {
      201: { description: 'Created.', content: { 'application/json': { schema: ReportSchema } } },
      400: oadrProblems[400], 401: oadrProblems[401], 429: oadrProblems[429], 403: oadrProblems[403], 404: oadrProblems[404], 409: oadrProblems[409], 503: oadrProblems[503],
    },
  }), async (c) => {
    const report = c.req.valid('json');
    const out = await acceptReport(deps, c.get('principal').bidderId, report);
    switch (out.kind) {
      case 'bad-report': case 'invalid': throw new ProblemError(400, 'the report does not fit the event', out.errors);
      case 'forbidden': throw new ProblemError(403, out.message);
      case 'refused':
        // Settled: the statements are final (a conflict with the auction's state, not a permission).
        if (out.reason === 'settled') throw new ProblemError(409, out.errors[0]?.message ?? 'the auction is settled', undefined, 'settled');
        if (out.reason === 'busy') throw new ProblemError(503, out.errors[0]?.message ?? 'busy: send the report again', undefined, 'busy');
        throw new ProblemError(403, 'a resource is not one of your bids in this event\'s auction', out.errors);
      case 'not-found': throw new ProblemError(403, 'the event\'s auction is not known');
      case 'too-early': throw new ProblemError(409, `reports are taken from gate closure on (${out.gateClosure})`);
      case 'recorded': {
        const at = isoUtc(deps.market.clock.now().getTime());
        const { id: _id, createdDateTime: _c, modificationDateTime: _m, objectType: _o, ...fields } = report;
        return c.json({ id: deps.market.ids.next('rpt'), createdDateTime: at, modificationDateTime: at, objectType: 'REPORT' as const, ...fields }, 201);
      }
    }
  });
}
