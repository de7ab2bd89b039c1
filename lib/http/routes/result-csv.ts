// GET /v1/auctions/{id}/result with Accept: text/csv: the result as one row per bid and interval
// (lib/lifecycle/result-csv.ts), paged like GET …/settlement's CSV (X-Next-Cursor and
// Link: rel="next" on every page but the last), gzip when accepted.
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { ResultCsvQuerySchema } from '../../../schemas/api/result-csv';
import { createResultCsvPager } from '../../lifecycle/result-csv-pages';
import type { Viewer } from '../../lifecycle/ports';
import { encodedResponse } from '../compression';
import { ProblemError } from '../problem';
import type { LifecycleDeps } from './lifecycle-common';

/** The result route's OpenAPI responses with text/csv beside JSON on the 200. */
export function withCsvContent<R extends { 200: { description: string; content: Record<string, { schema: z.ZodType }> } }>(responses: R): R {
  return { ...responses, 200: { ...responses[200], content: { ...responses[200].content, 'text/csv': { schema: z.string() } } } };
}

export function resultCsvRoute(lc: LifecycleDeps) {
  const pager = createResultCsvPager(lc.store);
  return async (c: Context, id: string, viewer: Viewer): Promise<Response> => {
    const query = ResultCsvQuerySchema.safeParse({ limit: c.req.query('limit'), cursor: c.req.query('cursor') });
    if (!query.success) {
      throw new ProblemError(400, 'the request query is invalid', query.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })), 'validation');
    }
    const pointer = await lc.store.readPublicationPointer(id);
    if (!pointer) throw new ProblemError(404, `auction ${id} not found`);
    const outcome = await pager.page(id, { viewer, limit: query.data.limit, cursor: query.data.cursor });
    if (outcome.kind === 'not-published') throw new ProblemError(409, `auction ${id} has no published result yet (status ${pointer.auction.status})`, undefined, 'not-cleared');
    if (outcome.kind === 'stale') throw new ProblemError(409, outcome.reason, [{ path: 'cursor', message: 'stale' }], 'stale-cursor');
    const next: Record<string, string> = outcome.nextCursor === undefined ? {} : {
      'x-next-cursor': outcome.nextCursor,
      link: `<${nextPath(c.req.url, outcome.nextCursor)}>; rel="next"`,
    };
    return encodedResponse(c.req.header('accept-encoding'), outcome.page.csv, 200, { 'content-type': 'text/csv; charset=utf-8', vary: 'accept', ...next });
  };
}

/** The request's own path and query with the cursor replaced. */
function nextPath(url: string, cursor: string): string {
  const u = new URL(url);
  u.searchParams.set('cursor', cursor);
  return `${u.pathname}${u.search}`;
}
