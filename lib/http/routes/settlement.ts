// GET /v1/auctions/{id}/settlement: JSON, or CSV with Accept: text/csv (SPEC §5); paged by lines
// (?limit=, ?cursor=) and gzip-compressed when the client accepts it (docs/api.md § Large answers).
import { createRoute, z } from '@hono/zod-openapi';
import { SettlementPageSchema, SettlementQuerySchema, SettlementSchema } from '../../../schemas/lifecycle';
import { createSettlementPager } from '../../lifecycle/settlement-pages';
import { renderSettlementCsv } from '../../lifecycle/settlement-csv';
import { encodedResponse } from '../compression';
import { ProblemError } from '../problem';
import { createRouter, problems, security } from '../router';
import { AuctionParamsSchema } from './auctions';
import { viewerOf, type LifecycleDeps } from './lifecycle-common';

/** text/csv when the client prefers it to JSON (q-values honoured; ties go to JSON). */
export function wantsCsv(accept: string | undefined): boolean {
  if (!accept) return false;
  let csv = -1;
  let json = -1;
  for (const part of accept.split(',')) {
    const [type, ...params] = part.trim().toLowerCase().split(';');
    const q = Number(params.map((p) => p.trim()).find((p) => p.startsWith('q='))?.slice(2) ?? '1');
    if (type === 'text/csv') csv = Math.max(csv, q);
    if (type === 'application/json' || type === '*/*' || type === 'application/*') json = Math.max(json, q);
  }
  return csv > 0 && csv > json;
}

export function settlementRoutes(app: ReturnType<typeof createRouter>, lc: LifecycleDeps) {
  // Metered breaches (load above what was allowed) as a metric, once per computed settlement.
  const pager = createSettlementPager(lc.store, 2, lc.meter, (s) => {
    if (s.totals?.breaches) lc.metrics.addMetric('MeteredBreaches', 'Count', s.totals.breaches);
  });
  // Documented as "Settlement and nextCursor", so the file format (surplus-settlement/v1) stays a
  // component of its own; SettlementPageSchema is the same shape as one strict object, for parsing.
  const pageDoc = z.intersection(SettlementSchema, SettlementPageSchema.pick({ nextCursor: true })).meta({ id: 'SettlementPage' });
  app.openapi(createRoute({
    method: 'get', path: '/v1/auctions/{id}/settlement', tags: ['lifecycle'], security,
    summary: 'Settlement statements: the caller\'s own; all statements and totals for the operator. Provisional (final: false) until delivery ends',
    description: 'Paged by statement lines (`limit`, default and max 10,000): `nextCursor` (JSON) or the `X-Next-Cursor` header and `Link: rel="next"` (CSV) lead to the next page; a small auction is one page. gzip with `Accept-Encoding: gzip`. A cursor from before a curtailment is a 409: start again.',
    request: { params: AuctionParamsSchema, query: SettlementQuerySchema },
    responses: {
      200: {
        description: 'JSON, or CSV (one row per line, RFC 4180, a header row on every page) with Accept: text/csv',
        content: { 'application/json': { schema: pageDoc }, 'text/csv': { schema: z.string() } },
      },
      400: problems[400], 401: problems[401], 404: problems[404], 409: problems[409],
    },
  }), async (c) => {
    const { id } = c.req.valid('param');
    const { bidder, limit, cursor } = c.req.valid('query');
    const pointer = await lc.store.readPublicationPointer(id);
    if (!pointer) throw new ProblemError(404, `auction ${id} not found`);
    const outcome = await pager.page(id, { viewer: viewerOf(c.get('principal')), bidder, limit, cursor });
    if (outcome.kind === 'not-published') throw new ProblemError(409, `auction ${id} has no published result yet`, undefined, 'not-cleared');
    if (outcome.kind === 'stale') throw new ProblemError(409, outcome.reason, [{ path: 'cursor', message: 'stale' }], 'stale-cursor');
    const { nextCursor, ...settlement } = outcome.page;
    const accept = c.req.header('accept-encoding');
    if (wantsCsv(c.req.header('accept'))) {
      const next: Record<string, string> = nextCursor === undefined ? {} : {
        'x-next-cursor': nextCursor,
        link: `<${nextPath(c.req.url, nextCursor)}>; rel="next"`,
      };
      return encodedResponse(accept, renderSettlementCsv(settlement, pointer.auction.timeZone), 200, { 'content-type': 'text/csv; charset=utf-8', vary: 'accept', ...next });
    }
    return encodedResponse(accept, JSON.stringify(outcome.page), 200, { 'content-type': 'application/json', vary: 'accept' });
  });
}

/** The request's own path and query with the cursor replaced. */
function nextPath(url: string, cursor: string): string {
  const u = new URL(url);
  u.searchParams.set('cursor', cursor);
  return `${u.pathname}${u.search}`;
}
