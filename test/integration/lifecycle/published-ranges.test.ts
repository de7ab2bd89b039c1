// Odd Range headers on GET …/result and …/book through the real app on DynamoDB Local (red-team
// finding: `bytes=-0` answered a 206 with an impossible Content-Range). Unsatisfiable ranges are a
// 416 problem with `Content-Range: bytes */SIZE`; ranges the broker does not serve (several, b < a,
// text, another unit) are ignored and the whole file comes back (RFC 9110 §14.2); never a 500.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLifecycleHarness, GATE, NOW, type LifecycleHarness, type Market } from './harness';

let h: LifecycleHarness;
let m: Market;
const files: Record<'result' | 'book', Buffer> = { result: Buffer.alloc(0), book: Buffer.alloc(0) };
beforeAll(async () => {
  h = await createLifecycleHarness({ storeOptions: { chunkBytes: 37 } });
  h.clock.set(NOW);
  m = await h.setupAuction();
  h.clock.set(new Date(Date.parse(GATE) + 1_000));
  await h.tick();
  for (const file of ['result', 'book'] as const) files[file] = Buffer.from(await (await h.call('GET', `/v1/auctions/${m.auctionId}/${file}`)).arrayBuffer());
});
afterAll(async () => { await h.drop(); });

const get = (file: string, range: string) => h.call('GET', `/v1/auctions/${m.auctionId}/${file}`, { headers: { range } });

describe.each(['result', 'book'] as const)('%s: odd ranges', (file) => {
  it('bytes=-0 and starts at or past the end → 416 problem with Content-Range: bytes */SIZE', async () => {
    const size = files[file].length;
    expect(size).toBeGreaterThan(100);
    for (const range of ['bytes=-0', 'bytes=-00', `bytes=${size}-`, `bytes=${size}-${size + 10}`, `bytes=${size + 1000}-`, 'BYTES=-0']) {
      const res = await get(file, range);
      expect(res.status, range).toBe(416);
      expect(res.headers.get('content-range'), range).toBe(`bytes */${size}`);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(await res.json()).toMatchObject({ status: 416, errors: [{ path: 'range' }] });
    }
  });

  it('several ranges, b < a, text, another unit, empty or huge numbers → the whole file (200)', async () => {
    for (const range of ['bytes=5-2', 'bytes=abc', 'bytes=0-1,5-9', 'bytes=0-1, 5-9', 'bytes=-', 'bytes=', 'bytes=--5', 'bytes=1-2-3', 'items=0-9', 'bytes=0x10-', 'bytes=1e3-', `bytes=${'9'.repeat(20)}-`, 'bytes=-1.5']) {
      const res = await get(file, range);
      expect(res.status, range).toBe(200);
      expect(Buffer.from(await res.arrayBuffer()).equals(files[file]), range).toBe(true);
    }
  });

  it('the edges that are satisfiable → 206 with the right bytes', async () => {
    const whole = files[file];
    const size = whole.length;
    const cases: [string, number, number][] = [
      ['bytes=0-0', 0, 0], [`bytes=${size - 1}-`, size - 1, size - 1], [`bytes=-${size + 500}`, 0, size - 1],
      ['bytes=-1', size - 1, size - 1], [`bytes=10-${size * 10}`, 10, size - 1], ['Bytes=3-7', 3, 7],
    ];
    for (const [range, start, end] of cases) {
      const res = await get(file, range);
      expect(res.status, range).toBe(206);
      expect(res.headers.get('content-range'), range).toBe(`bytes ${start}-${end}/${size}`);
      expect(Buffer.from(await res.arrayBuffer()).equals(whole.subarray(start, end + 1)), range).toBe(true);
    }
  });
});
