// GET /v1/auctions/{id}/result and GET /v1/auctions/{id}/book (SPEC §4): the published bytes as
// stored. Large files stay under Lambda's 6 MB response limit (docs/api.md § Large answers): gzip
// when the client accepts it (whole files), and byte ranges (Range: bytes=a-b → 206 with Content-Range, at most
// FILE_WINDOW_BYTES each) — a file too large for one answer comes as its first window (206) when no
// range was asked for, and the ranges concatenated are the exact bytes (ETag = their sha256).
// A bidder's result is read through the per-bidder index, never the whole file.
import { createRoute, z } from '@hono/zod-openapi';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { ResultSchema } from '../../../schemas/result';
import { BookSchema } from '../../../schemas/book';
import { resultFor } from '../../lifecycle/views';
import { operatorOnly } from '../auth';
import { acceptsGzip, encodedResponse } from '../compression';
import { PROBLEM_MEDIA_TYPE, ProblemError, problemBody } from '../problem';
import { createRouter, problems, security } from '../router';
import { AuctionParamsSchema } from './auctions';
import { JSON_TYPE, requirePublishedFiles, viewerOf, type LifecycleDeps } from './lifecycle-common';
import { resultCsvRoute, withCsvContent } from './result-csv';
import { ResultCsvQuerySchema } from '../../../schemas/api/result-csv';
import { wantsCsv } from './settlement';

/** Bytes of one window: 4 MB leaves room under 6 MB for headers (and base64, when gzipped). */
export const FILE_WINDOW_BYTES = 4_000_000;

const gzipAsync = promisify(gzip);

const RangeHeadersSchema = z.object({
  range: z.string().max(100).optional().describe('bytes=START-END (or bytes=START-, bytes=-SUFFIX): a window of the file, at most 4 MB; 206 with Content-Range'),
});

export function publishedFileRoutes(app: ReturnType<typeof createRouter>, lc: LifecycleDeps) {
  const fileResponses = (description: string, schema: z.ZodType) => ({
    200: { description, content: { 'application/json': { schema } } },
    206: { description: 'A window of the file (Content-Range); the windows concatenated are the file', content: { 'application/json': { schema: z.string() } } },
    400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404], 409: problems[409],
    416: { description: 'The range is not satisfiable (starts at or beyond the end, or bytes=-0); Content-Range: bytes */SIZE', content: { 'application/problem+json': { schema: problems[400].content['application/problem+json'].schema } } },
  });
  app.openAPIRegistry.registerPath(createRoute({
    method: 'get', path: '/v1/auctions/{id}/result', tags: ['lifecycle'], security,
    summary: 'The published result (SPEC §3): intervals for everyone; all bids for the operator, own bids for a bidder',
    description: 'The operator receives the published bytes exactly (the output of `broker clear` on the book from GET …/book), gzip-compressed with Accept-Encoding: gzip, in windows of ≤ 4 MB (Range) when large. 409 until the result is published: a reader sees no result or the whole one. With `Accept: text/csv`: one row per bid and interval (UTC and local start, MW, MWh, price, amount in the currency), the caller\'s own bids for a bidder, in pages (`limit`, `cursor`; `X-Next-Cursor` and `Link: rel="next"` lead on), gzip with Accept-Encoding: gzip.',
    request: { params: AuctionParamsSchema, headers: RangeHeadersSchema, query: ResultCsvQuerySchema },
    responses: withCsvContent(fileResponses('The result file', ResultSchema)),
  }));
  const csv = resultCsvRoute(lc);
  app.get('/v1/auctions/:id/result', async (c) => {
    const id = auctionIdParam(c.req.param('id'));
    const viewer = viewerOf(c.get('principal'));
    if (wantsCsv(c.req.header('accept'))) return csv(c, id, viewer);
    if (viewer.role === 'operator') return fileResponse(c.req.raw, lc.store, id, 'result');
    const pointer = await lc.store.readPublicationPointer(id);
    if (!pointer) throw new ProblemError(404, `auction ${id} not found`);
    const cl = pointer.auction.clearing;
    if (!['cleared', 'delivering', 'settled'].includes(pointer.auction.status) || !cl?.inputDigest || !cl.resultSha256) {
      throw new ProblemError(409, `auction ${id} has no published result yet (status ${pointer.auction.status})`, undefined, 'not-cleared');
    }
    const own = await lc.store.readBidderResult(id, { inputDigest: cl.inputDigest, resultSha256: cl.resultSha256 }, viewer.bidderId);
    let body: string;
    if (own) {
      const head = z.looseObject({}).parse(own.head);
      body = lc.engine.serialize(ResultSchema.parse({ ...head, bids: own.bids, paradoxicallyRejected: own.paradoxicallyRejected }));
    } else {
      // Published before the per-bidder index: the whole files, parsed and filtered.
      const { files } = await requirePublishedFiles(lc, id);
      body = lc.engine.serialize(resultFor(ResultSchema.parse(JSON.parse(files.resultJson)), BookSchema.parse(JSON.parse(files.bookJson)), viewer));
    }
    return encodedResponse(c.req.header('accept-encoding'), body, 200, JSON_TYPE);
  });

  app.openAPIRegistry.registerPath(createRoute({
    method: 'get', path: '/v1/auctions/{id}/book', tags: ['lifecycle'], security,
    summary: 'The exact book that was cleared (operator); its inputDigest is the result\'s',
    description: 'gzip-compressed with Accept-Encoding: gzip; in windows of ≤ 4 MB (Range) when large.',
    request: { params: AuctionParamsSchema, headers: RangeHeadersSchema },
    responses: fileResponses('The book file (surplus-auction/v1)', BookSchema),
  }));
  app.get('/v1/auctions/:id/book', operatorOnly, async (c) => fileResponse(c.req.raw, lc.store, auctionIdParam(c.req.param('id')), 'book'));
}

/** The answer for one published file; `windowBytes` is FILE_WINDOW_BYTES except in tests. */
export async function fileResponse(req: Request, store: Pick<LifecycleDeps['store'], 'readPublishedFile'>, id: string, file: 'book' | 'result', windowBytes = FILE_WINDOW_BYTES): Promise<Response> {
  const range = parseRange(req.headers.get('range'));
  // bytes=-0 asks for no bytes at all: only the size is read, for the 416's Content-Range.
  const window = range && (range.suffix === undefined ? { start: range.start, end: Math.min(range.end, range.start + windowBytes) } : range.suffix === 0 ? { start: 0, end: 0 } : undefined);
  const read = await store.readPublishedFile(id, file, window);
  if (read.kind === 'not-found') throw new ProblemError(404, `auction ${id} not found`);
  if (read.kind === 'not-published') throw new ProblemError(409, `auction ${id} has no published result yet (status ${read.status})`, undefined, 'not-cleared');
  const base = { ...JSON_TYPE, etag: `"${read.sha256}"`, 'accept-ranges': 'bytes' };
  const acceptEncoding = req.headers.get('accept-encoding') ?? undefined;
  // Ranges are ranges of the identity bytes, so a window is never compressed (RFC 9110 §14.1.2).
  const partial = async (start: number, data: Uint8Array) => encodedResponse(undefined, data, 206, { ...base, 'content-range': `bytes ${start}-${start + data.length - 1}/${read.bytes}` });

  // RFC 9110 §14.1.2/§15.5.17: an unsatisfiable range (a zero-length suffix, a start at or past
  // the end) is a 416 naming the size.
  const unsatisfiable = () => new Response(JSON.stringify(problemBody(416, new URL(req.url).pathname, `the range is not satisfiable: the file has ${read.bytes} bytes`, [{ path: 'range', message: `bytes 0..${read.bytes - 1} only` }])), {
    status: 416, headers: { 'content-type': PROBLEM_MEDIA_TYPE, 'content-range': `bytes */${read.bytes}`, 'accept-ranges': 'bytes' },
  });
  if (range?.suffix === 0) return unsatisfiable();
  if (range?.suffix !== undefined) {
    const start = Math.max(0, read.bytes - Math.min(range.suffix, windowBytes));
    return partial(start, read.data.subarray(start));
  }
  if (range) {
    if (range.start >= read.bytes) return unsatisfiable();
    return partial(range.start, read.data);
  }
  if (read.bytes <= windowBytes) return encodedResponse(acceptEncoding, read.data, 200, base);
  if (acceptsGzip(acceptEncoding)) {
    const zipped = await gzipAsync(read.data, { level: 6 });
    if (zipped.length <= windowBytes) {
      return new Response(new Uint8Array(zipped), { status: 200, headers: { ...base, 'content-encoding': 'gzip', vary: 'accept-encoding', 'content-length': String(zipped.length) } });
    }
  }
  return partial(0, read.data.subarray(0, windowBytes));
}

/** `bytes=a-b`, `bytes=a-` or `bytes=-n` (one range). Anything else — another unit, several ranges
 * (no multipart answers here), `a-b` with b < a, text — is ignored and the file is answered as
 * without Range, as RFC 9110 §14.2 allows ("a server MAY ignore the Range header field"). */
function parseRange(header: string | null): { start: number; end: number; suffix?: undefined } | { start: 0; end: 0; suffix: number } | undefined {
  const m = header === null ? null : /^bytes=(\d{0,15})-(\d{0,15})$/i.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  if (m[1] === '') return { start: 0, end: 0, suffix: Number(m[2]) };
  const start = Number(m[1]);
  const end = m[2] === '' ? Number.MAX_SAFE_INTEGER : Number(m[2]) + 1;
  return end > start ? { start, end } : undefined;
}

function auctionIdParam(id: string | undefined): string {
  const parsed = AuctionParamsSchema.safeParse({ id });
  if (!parsed.success) throw new ProblemError(400, 'the request param is invalid', [{ path: 'id', message: parsed.error.issues[0]?.message ?? 'invalid' }], 'validation');
  return parsed.data.id;
}
