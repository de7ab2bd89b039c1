// gzip for the large downloads (settlement, book, result) when the client accepts it: a national
// book or result compresses ~5–8×, which keeps it under Lambda's 6 MB response limit. zlib runs on
// libuv's thread pool, so compressing never blocks the event loop.
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';

const gzipAsync = promisify(gzip);

/** Below this, compression costs more than it saves. */
const MIN_BYTES = 1024;

/** True when Accept-Encoding allows gzip (q > 0, directly or through `*`) — RFC 9110 §12.5.3. */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  let gz: number | undefined;
  let star: number | undefined;
  for (const part of header.split(',')) {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    const value = Number.isFinite(q) ? q : 0;
    if (coding === 'gzip' || coding === 'x-gzip') gz = Math.max(gz ?? 0, value);
    if (coding === '*') star = value;
  }
  return (gz ?? star ?? 0) > 0;
}

/** The body as a Response, gzip-compressed when the request accepts it and it is worth it. */
export async function encodedResponse(
  acceptEncoding: string | undefined, body: string | Uint8Array, status: number, headers: Record<string, string>,
): Promise<Response> {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const vary = headers.vary ? `${headers.vary}, accept-encoding` : 'accept-encoding';
  if (bytes.length >= MIN_BYTES && acceptsGzip(acceptEncoding)) {
    const zipped = await gzipAsync(bytes, { level: 6 });
    return new Response(new Uint8Array(zipped), { status, headers: { ...headers, vary, 'content-encoding': 'gzip', 'content-length': String(zipped.length) } });
  }
  return new Response(new Uint8Array(bytes), { status, headers: { ...headers, vary, 'content-length': String(bytes.length) } });
}
