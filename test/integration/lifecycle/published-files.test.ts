// GET …/result and …/book on DynamoDB Local with tiny chunks (37 bytes, so every read spans
// chunks): byte ranges (206, Content-Range, ETag = sha256) that concatenate to the exact file,
// 416 past the end, unusable Range headers ignored, gzip on request; a bidder's result read
// through the per-bidder index equals the whole file filtered (and an auction published before
// the index still answers the same).
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { DeleteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resultFor } from '../../../lib/lifecycle/views';
import { lifecycleKeys } from '../../../lib/store/keys';
import { BookSchema } from '../../../schemas/book';
import { ResultSchema } from '../../../schemas/result';
import { createLifecycleHarness, GATE, NOW, type LifecycleHarness, type Market } from './harness';

let h: LifecycleHarness;
let m: Market;
let resultBytes: Buffer;
let bookBytes: Buffer;
beforeAll(async () => {
  h = await createLifecycleHarness({ storeOptions: { chunkBytes: 37 } });
  h.clock.set(NOW);
  m = await h.setupAuction();
  h.clock.set(new Date(Date.parse(GATE) + 1_000));
  expect((await h.tick()).runs.find((r) => r.auctionId === m.auctionId)?.clear?.kind).toBe('published');
  resultBytes = Buffer.from(await (await h.call('GET', `/v1/auctions/${m.auctionId}/result`)).arrayBuffer());
  bookBytes = Buffer.from(await (await h.call('GET', `/v1/auctions/${m.auctionId}/book`)).arrayBuffer());
});
afterAll(async () => { await h.drop(); });

const get = (file: string, headers: Record<string, string>, key?: string) => h.call('GET', `/v1/auctions/${m.auctionId}/${file}`, { headers, ...(key ? { key } : {}) });

describe('published files: ranges and gzip', () => {
  for (const file of ['result', 'book'] as const) {
    it(`${file}: windows of 100 bytes concatenate to the file; ETag is its sha256; 416 past the end`, async () => {
      const whole = file === 'result' ? resultBytes : bookBytes;
      const sha = createHash('sha256').update(whole).digest('hex');
      const parts: Buffer[] = [];
      for (let start = 0; start < whole.length; start += 100) {
        const res = await get(file, { range: `bytes=${start}-${start + 99}` });
        expect(res.status).toBe(206);
        const end = Math.min(start + 99, whole.length - 1);
        expect(res.headers.get('content-range')).toBe(`bytes ${start}-${end}/${whole.length}`);
        expect(res.headers.get('etag')).toBe(`"${sha}"`);
        parts.push(Buffer.from(await res.arrayBuffer()));
      }
      expect(Buffer.concat(parts).equals(whole)).toBe(true);
      const open = await get(file, { range: 'bytes=50-' });
      expect(Buffer.from(await open.arrayBuffer()).equals(whole.subarray(50))).toBe(true);
      const suffix = await get(file, { range: 'bytes=-10' });
      expect(suffix.headers.get('content-range')).toBe(`bytes ${whole.length - 10}-${whole.length - 1}/${whole.length}`);
      expect(Buffer.from(await suffix.arrayBuffer()).equals(whole.subarray(-10))).toBe(true);
      const past = await get(file, { range: `bytes=${whole.length}-` });
      expect(past.status).toBe(416);
      expect(past.headers.get('content-range')).toBe(`bytes */${whole.length}`);
      for (const ignored of ['bytes=5-2', 'bytes=0-1,5-9', 'items=0-9', 'bytes=-', 'bytes=x-y']) {
        const res = await get(file, { range: ignored });
        expect(res.status, ignored).toBe(200);
        expect(Buffer.from(await res.arrayBuffer()).equals(whole)).toBe(true);
      }
    });

    it(`${file}: gzip with Accept-Encoding: gzip (from 1 KB), the same bytes inside`, async () => {
      const whole = file === 'result' ? resultBytes : bookBytes;
      const res = await get(file, { 'accept-encoding': 'gzip' });
      expect(res.status).toBe(200);
      const body = Buffer.from(await res.arrayBuffer());
      if (whole.length < 1024) {
        expect(res.headers.get('content-encoding')).toBeNull();
        expect(body.equals(whole)).toBe(true);
      } else {
        expect(res.headers.get('content-encoding')).toBe('gzip');
        expect(gunzipSync(body).equals(whole)).toBe(true);
      }
    });
  }

  it('a range is never compressed (its offsets are those of the file)', async () => {
    const res = await get('result', { range: 'bytes=0-99', 'accept-encoding': 'gzip' });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-encoding')).toBeNull();
  });
});

describe('a bidder\'s result through the per-bidder index', () => {
  const expected = (bidderId: string) => h.engine.serialize(resultFor(ResultSchema.parse(JSON.parse(resultBytes.toString())), BookSchema.parse(JSON.parse(bookBytes.toString())), { role: 'bidder', bidderId }));

  it('equals the whole result filtered to the bidder, byte for byte, for every bidder', async () => {
    for (const bidder of ['miner-1', 'miner-2', 'tenant-1'] as const) {
      const res = await h.call('GET', `/v1/auctions/${m.auctionId}/result`, { key: m.keys[bidder] });
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(text).toBe(expected(bidder));
      expect(ResultSchema.parse(JSON.parse(text)).bids.map((b) => b.id)).toEqual([m.bids[bidder]]);
    }
  });

  it('a result published before the index existed is still served (from the whole files)', async () => {
    const a = (await h.services.store.getAuction(m.auctionId))!.clearing!;
    const headPk = lifecycleKeys.resultIndexHead(m.auctionId, a.inputDigest!, a.resultSha256!);
    const out = await h.table.doc.send(new QueryCommand({ TableName: h.table.tableName, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': headPk } }));
    expect(out.Items!.length).toBeGreaterThan(0);
    for (const item of out.Items!) await h.table.doc.send(new DeleteCommand({ TableName: h.table.tableName, Key: { pk: item.pk, sk: item.sk } }));
    const res = await h.call('GET', `/v1/auctions/${m.auctionId}/result`, { key: m.keys['miner-2'] });
    expect(await res.text()).toBe(expected('miner-2'));
  });
});
