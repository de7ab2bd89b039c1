// Replay: the book downloaded from GET …/book, cleared offline by the CLI (`node bin/broker.js
// clear BOOK.json`, a separate process), is byte-identical to GET …/result (operator view): the
// broker publishes exactly serializeResult(clearBook(book)). Real engine, DynamoDB Local.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { bookDigest } from '../../../lib/clearing';
import { BookSchema } from '../../../schemas/book';
import { ResultSchema } from '../../../schemas/result';
import { createLifecycleHarness, GATE, NOW, type LifecycleHarness } from './harness';

const run = promisify(execFile);
let h: LifecycleHarness;
let dir: string;
beforeAll(async () => { h = await createLifecycleHarness(); dir = mkdtempSync(join(tmpdir(), 'replay-')); });
afterAll(async () => { rmSync(dir, { recursive: true, force: true }); await h.drop(); });

describe('replay of a published auction', () => {
  for (const pricing of ['uniform', 'pay-as-bid'] as const) {
    it(`${pricing}: broker clear on the downloaded book reproduces the published result byte for byte`, async () => {
      h.clock.set(NOW);
      const m = await h.setupAuction({ pricing });
      h.clock.set(new Date(Date.parse(GATE) + 1_000));
      const tick = await h.tick();
      expect(tick.runs.find((r) => r.auctionId === m.auctionId)?.clear?.kind).toBe('published');

      const bookRes = await h.call('GET', `/v1/auctions/${m.auctionId}/book`);
      const resultRes = await h.call('GET', `/v1/auctions/${m.auctionId}/result`);
      expect([bookRes.status, resultRes.status]).toEqual([200, 200]);
      const bookBytes = await bookRes.text();
      const published = await resultRes.text();
      const result = ResultSchema.parse(JSON.parse(published));
      expect(result.inputDigest).toBe(bookDigest(BookSchema.parse(JSON.parse(bookBytes))));
      expect(result.bids).toHaveLength(3);

      const file = join(dir, `${m.auctionId}.json`);
      writeFileSync(file, bookBytes);
      const { stdout } = await run(process.execPath, ['bin/broker.js', 'clear', file], { cwd: process.cwd(), maxBuffer: 64 * 1024 * 1024 });
      expect(stdout).toBe(published);
    }, 120_000);
  }
});
