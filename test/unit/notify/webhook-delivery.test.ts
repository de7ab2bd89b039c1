// A REAL local HTTP receiver (node:http on 127.0.0.1, ephemeral port) verifies signatures with
// verifyWebhook, answers 500 to the first attempts, and dedupes by event id; the outbox behind
// processOutbox is an in-memory test double of the port.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { processOutbox, type WebhookDirectory } from '../../../lib/notify/outbox';
import { deliverWebhook } from '../../../lib/notify/deliver';
import { backoffDelayMs } from '../../../lib/notify/retry-policy';
import { generateWebhookSecret } from '../../../lib/notify/secret';
import { verifyWebhook } from '../../../lib/notify/signature';
import { curtail } from '../../../lib/lifecycle/curtail';
import { CurtailmentNoticeSchema } from '../../../schemas/lifecycle';
import { InMemoryOutboxTestDouble } from './in-memory-outbox.test-double';
import { block, book, curve, dispatchOf } from '../lifecycle/fixtures';

/** A clock the test moves by hand; the receiver reads the same one. */
const clock = { t: Date.parse('2026-12-01T00:00:00Z'), now() { return new Date(this.t); } };
const secrets = { 'miner-1': generateWebhookSecret(), 'tenant-3': generateWebhookSecret() } as Record<string, string>;

interface Seen { path: string; status: number; eventId?: string; headers: IncomingHttpHeaders; body: string; verdict: string }
const seen: Seen[] = [];
const attemptsByEvent = new Map<string, number>();
const processed = new Map<string, unknown>(); // eventId → notice: the receiver's dedupe store
const FAIL_FIRST = 2;

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => { body += c; });
    req.on('end', () => {
      const bidder = req.url!.split('/')[2]!;
      const v = verifyWebhook(secrets[bidder] ?? 'none', req.headers, body, clock.now());
      const record = (status: number, verdict: string, eventId?: string) => {
        seen.push({ path: req.url!, status, eventId, headers: req.headers, body, verdict });
        res.writeHead(status).end();
      };
      if (!v.ok) return record(400, v.reason);
      if (req.url!.startsWith('/always-500')) return record(500, 'always-500', v.eventId);
      const n = (attemptsByEvent.get(v.eventId) ?? 0) + 1;
      attemptsByEvent.set(v.eventId, n);
      if (n <= FAIL_FIRST) return record(500, 'failing-on-purpose', v.eventId);
      if (processed.has(v.eventId)) return record(200, 'duplicate', v.eventId);
      processed.set(v.eventId, CurtailmentNoticeSchema.parse(JSON.parse(body)));
      return record(200, 'processed', v.eventId);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function noticesForTest() {
  const b = book([curve('m1', 'miner-1', [[40, 70], [25, 52.5]]), block('t3', 'tenant-3', 120, 95, 4)]);
  const d = dispatchOf(b, { m1: [65, 65, 65, 65], t3: [120, 120, 120, 120] });
  return curtail({ book: b, dispatch: d, revisions: [{ index: 2, surplusMw: 100 }], noticeTime: clock.now() }).notices;
}

describe('webhook delivery through a real HTTP receiver', () => {
  const policy = { baseDelayMs: 30_000, maxDelayMs: 3_600_000, maxAttempts: 6 };
  const leaseMs = 60_000;

  it('retries after 500s with backoff, verifies every signature, and the receiver dedupes a redelivery', async () => {
    const notices = noticesForTest();
    expect(notices.map((n) => n.bidderId)).toEqual(['miner-1', 'tenant-3']);
    const outbox = new InMemoryOutboxTestDouble();
    const start = clock.now().toISOString();
    for (const n of notices) {
      outbox.add({ id: n.eventId, eventId: n.eventId, bidderId: n.bidderId, body: JSON.stringify(n), status: 'pending', attempts: 0, nextAttemptAt: start, createdAt: start });
    }
    const directory: WebhookDirectory = { webhookFor: async (bidder) => ({ url: `${base}/hooks/${bidder}`, secret: secrets[bidder]! }) };
    const minerEvent = notices[0]!.eventId;
    // The run that finally delivers miner-1's notice "crashes" before recording it.
    outbox.crashOnUpdate = { id: minerEvent, status: 'delivered' };

    const scheduled: number[] = [];
    for (let tick = 0; tick < 10 && outbox.entries.some((e) => e.status === 'pending'); tick++) {
      await processOutbox({ outbox, directory, fetch, clock, owner: `run-${tick}`, leaseMs, policy });
      const due = outbox.entries.filter((e) => e.status === 'pending').map((e) => Math.max(Date.parse(e.nextAttemptAt), e.leaseUntil ? Date.parse(e.leaseUntil) : 0));
      if (due.length) { clock.t = Math.min(...due); scheduled.push(clock.t); }
    }

    expect(outbox.entries.map((e) => [e.bidderId, e.status])).toEqual([['miner-1', 'delivered'], ['tenant-3', 'delivered']]);
    expect(seen.every((s) => !s.verdict.startsWith('signature') && s.verdict !== 'timestamp-outside-tolerance')).toBe(true);
    const miner = seen.filter((s) => s.eventId === minerEvent);
    expect(miner.map((s) => s.verdict)).toEqual(['failing-on-purpose', 'failing-on-purpose', 'processed', 'duplicate']);
    expect(new Set(miner.map((s) => s.body)).size).toBe(1); // the same bytes on every attempt
    expect(new Set(miner.map((s) => s.headers['x-broker-signature'])).size).toBe(4); // re-signed with a fresh timestamp each time
    expect(outbox.entries[0]!.attempts).toBe(4);
    expect(outbox.entries[1]!.attempts).toBe(3);
    expect(processed.size).toBe(2);
    expect((processed.get(minerEvent) as { intervals: { mwAfter: number }[] }).intervals[0]!.mwAfter).toBe(0);
    // The retries came at the backoff times: attempt 2 after backoff(1), attempt 3 after backoff(2).
    const ts = miner.map((s) => Number(s.headers['x-broker-timestamp']) * 1000);
    expect(ts[1]! - ts[0]!).toBeGreaterThanOrEqual(Math.floor(backoffDelayMs(1, minerEvent, policy) / 1000) * 1000 - 1000);
    expect(ts[1]! - ts[0]!).toBeLessThan(backoffDelayMs(1, minerEvent, policy) + 1000);
    expect(ts[2]! - ts[1]!).toBeLessThan(backoffDelayMs(2, minerEvent, policy) + 1000);
    expect(ts[2]! - ts[1]!).toBeGreaterThanOrEqual(backoffDelayMs(2, minerEvent, policy) - 1000);
    // The redelivery after the crash waited for the lease to expire.
    expect(ts[3]! - ts[2]!).toBeGreaterThanOrEqual(leaseMs - 1000);
  });

  it('the receiver rejects a replay of a captured delivery outside the tolerance', async () => {
    const captured = seen.find((s) => s.verdict === 'processed')!;
    clock.t += 10 * 60_000;
    const res = await fetch(`${base}${captured.path}`, {
      method: 'POST', body: captured.body,
      headers: Object.fromEntries(Object.entries(captured.headers).filter(([k]) => k.startsWith('x-broker-') || k === 'content-type')) as Record<string, string>,
    });
    expect(res.status).toBe(400);
    expect(seen.at(-1)!.verdict).toBe('timestamp-outside-tolerance');
  });

  it('gives up after maxAttempts and marks the entry dead', async () => {
    const outbox = new InMemoryOutboxTestDouble();
    const now = clock.now().toISOString();
    outbox.add({ id: 'e-dead', eventId: 'e-dead', bidderId: 'miner-1', body: '{"eventId":"e-dead"}', status: 'pending', attempts: 0, nextAttemptAt: now, createdAt: now });
    const directory: WebhookDirectory = { webhookFor: async () => ({ url: `${base}/always-500/miner-1`, secret: secrets['miner-1']! }) };
    const small = { baseDelayMs: 1_000, maxDelayMs: 10_000, maxAttempts: 3 };
    for (let i = 0; i < 5; i++) {
      await processOutbox({ outbox, directory, fetch, clock, owner: `r${i}`, policy: small });
      clock.t = Math.max(clock.t, Date.parse(outbox.entries[0]!.nextAttemptAt));
    }
    expect(outbox.entries[0]).toMatchObject({ status: 'dead', attempts: 3, lastError: 'HTTP 500' });
    expect(seen.filter((s) => s.eventId === 'e-dead')).toHaveLength(3);
  });

  it('reports a network failure as a retryable outcome (nothing listening)', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const out = await deliverWebhook(`http://127.0.0.1:${port}/x`, secrets['miner-1']!, { eventId: 'e', body: '{}' }, { fetch, clock, timeoutMs: 2_000 });
    expect(out.ok).toBe(false);
  });
});
