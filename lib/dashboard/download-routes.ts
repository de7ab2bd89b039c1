// CSV downloads from the auction page: GET /dashboard/auctions/{id}/result.csv and
// …/settlement.csv read the API's CSV (Accept: text/csv) with the session's key — so a bidder
// downloads its own rows only — and hand it over as an attachment. A large file comes in pages
// as from the API: `?cursor=` is passed through, and the next page's dashboard address is in
// the Link header.
import type { Context, Hono } from 'hono';
import { ApiError } from '../api-client';
import type { ApiFetch } from './load';
import type { DashboardEnv } from './session';

const FILES = { 'result.csv': 'result', 'settlement.csv': 'settlement' } as const;

export function mountDownloads(app: Hono<DashboardEnv>, ctx: { base: string; api: ApiFetch; onApiError(c: Context<DashboardEnv>, error: unknown): Response | Promise<Response> }): void {
  for (const [name, resource] of Object.entries(FILES)) {
    app.get(`/auctions/:id/${name}`, async (c) => {
      const id = c.req.param('id');
      const cursor = c.req.query('cursor');
      const query = cursor ? `?cursor=${encodeURIComponent(cursor)}` : '';
      const response = await ctx.api(`/v1/auctions/${encodeURIComponent(id)}/${resource}${query}`, {
        headers: { authorization: `Bearer ${c.get('session').key}`, accept: 'text/csv' },
      });
      const text = await response.text();
      if (!response.ok) return ctx.onApiError(c, new ApiError(response.status, response.statusText, parseOrUndefined(text)));
      const next = response.headers.get('x-next-cursor');
      const file = `${id.replace(/[^A-Za-z0-9._-]/g, '_')}-${resource}${cursor ? '-part' : ''}.csv`;
      return c.body(text, 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${file}"`,
        ...(next ? { link: `<${ctx.base}/auctions/${encodeURIComponent(id)}/${name}?cursor=${encodeURIComponent(next)}>; rel="next"`, 'x-next-cursor': next } : {}),
      });
    });
  }
}

function parseOrUndefined(text: string): unknown {
  try { return JSON.parse(text); } catch { return undefined; }
}
