// GET /v1/auctions/{id}/settlement: JSON, or CSV with Accept: text/csv (SPEC §5).
import { createRoute, z } from '@hono/zod-openapi';
import { SettlementQuerySchema, SettlementSchema } from '../../../schemas/lifecycle';
import { settlementView } from '../../lifecycle/views';
import { renderSettlementCsv } from '../../lifecycle/settlement-csv';
import { createRouter, problems, security } from '../router';
import { AuctionParamsSchema } from './auctions';
import { requirePublished, viewerOf, type LifecycleDeps } from './lifecycle-common';

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
  app.openapi(createRoute({
    method: 'get', path: '/v1/auctions/{id}/settlement', tags: ['lifecycle'], security,
    summary: 'Settlement statements: the caller\'s own; all statements and totals for the operator. Provisional (final: false) until delivery ends',
    request: { params: AuctionParamsSchema, query: SettlementQuerySchema },
    responses: {
      200: {
        description: 'JSON, or CSV (one row per line, RFC 4180) with Accept: text/csv',
        content: { 'application/json': { schema: SettlementSchema }, 'text/csv': { schema: z.string() } },
      },
      401: problems[401], 404: problems[404], 409: problems[409],
    },
  }), async (c) => {
    const published = await requirePublished(lc, c.req.valid('param').id);
    const full = settlementView(published, viewerOf(c.get('principal')));
    const { bidder } = c.req.valid('query');
    const settlement = bidder === undefined ? full : { ...full, statements: full.statements.filter((st) => st.bidderId === bidder) };
    if (wantsCsv(c.req.header('accept'))) {
      return new Response(renderSettlementCsv(settlement), { status: 200, headers: { 'content-type': 'text/csv; charset=utf-8', vary: 'accept' } });
    }
    return c.json(settlement, 200, { vary: 'accept' });
  });
}
