// The answer for a published file larger than one window (here 1,000 bytes; 4 MB in production):
// gzip-compressed whole when that fits a window, else its first window as 206 with Content-Range
// (never over the window), and the windows a client then asks for concatenate to the file.
import { createHash, randomBytes } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { fileResponse } from '../../../lib/http/routes/published-files';
import type { PublishedFileRead } from '../../../lib/lifecycle/ports';

const WINDOW = 1_000;

function storeOf(data: Buffer) {
  const sha256 = createHash('sha256').update(data).digest('hex');
  return {
    async readPublishedFile(_id: string, _file: 'book' | 'result', window?: { start: number; end: number }): Promise<PublishedFileRead> {
      const bytes = window ? data.subarray(window.start, Math.min(window.end, data.length)) : data;
      return { kind: 'file', bytes: data.length, sha256, data: bytes };
    },
  };
}

const request = (headers: Record<string, string> = {}) => new Request('http://x/v1/auctions/a/result', { headers });

describe('fileResponse for a file over one window', () => {
  const compressible = Buffer.from(JSON.stringify({ bids: Array.from({ length: 200 }, (_, i) => ({ id: `b${i}`, accepted: true, mw: [1, 2, 3] })) }));
  const random = randomBytes(3_500).toString('base64'); // ~4.7 KB that gzip cannot shrink below a window
  const incompressible = Buffer.from(random);

  it('whole and gzipped when compressed it fits a window', async () => {
    expect(compressible.length).toBeGreaterThan(WINDOW);
    const res = await fileResponse(request({ 'accept-encoding': 'gzip' }), storeOf(compressible), 'a', 'result', WINDOW);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('gzip');
    const body = Buffer.from(await res.arrayBuffer());
    expect(body.length).toBeLessThanOrEqual(WINDOW);
    expect(gunzipSync(body).equals(compressible)).toBe(true);
  });

  it('otherwise the first window (206); the following windows complete it exactly', async () => {
    for (const [data, headers] of [[compressible, {}], [incompressible, { 'accept-encoding': 'gzip' }]] as const) {
      const store = storeOf(data);
      const first = await fileResponse(request(headers), store, 'a', 'result', WINDOW);
      expect(first.status).toBe(206);
      expect(first.headers.get('content-range')).toBe(`bytes 0-${WINDOW - 1}/${data.length}`);
      const parts = [Buffer.from(await first.arrayBuffer())];
      for (let start = WINDOW; start < data.length; start += WINDOW) {
        const res = await fileResponse(request({ range: `bytes=${start}-${start + 5 * WINDOW}` }), store, 'a', 'result', WINDOW);
        expect(res.status).toBe(206);
        const body = Buffer.from(await res.arrayBuffer());
        expect(body.length).toBeLessThanOrEqual(WINDOW); // a larger range is cut to one window
        parts.push(body);
      }
      expect(Buffer.concat(parts).equals(data)).toBe(true);
    }
  });
});
