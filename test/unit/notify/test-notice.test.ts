// queueTestNotice: one pending outbox entry per test with a fresh event id and a `type: "test"`
// body; nothing queued without a webhook or when the address policy now refuses its URL.
import { describe, expect, it } from 'vitest';
import { queueTestNotice } from '../../../lib/notify/test-notice';
import { InMemoryOutboxTestDouble } from './in-memory-outbox.test-double';

const clock = { now: () => new Date('2026-12-01T00:00:00.000Z') };
const directory = (url?: string) => ({ webhookFor: async () => (url ? { url, secret: 'whsec_x' } : undefined) });

describe('queueTestNotice', () => {
  it('queues a pending entry with a type "test" body, a new event id each time', async () => {
    const outbox = new InMemoryOutboxTestDouble();
    const deps = { outbox, directory: directory('https://miner.example.com/hook'), clock, policy: { allowPrivate: false } };
    const a = await queueTestNotice(deps, 'miner-7');
    const b = await queueTestNotice(deps, 'miner-7');
    expect(a.kind).toBe('queued');
    expect(outbox.entries).toHaveLength(2);
    expect(new Set(outbox.entries.map((e) => e.eventId)).size).toBe(2);
    expect(outbox.entries[0]).toMatchObject({ bidderId: 'miner-7', status: 'pending', attempts: 0, nextAttemptAt: '2026-12-01T00:00:00.000Z' });
    expect(JSON.parse(outbox.entries[0]!.body)).toMatchObject({ type: 'test', bidderId: 'miner-7', eventId: outbox.entries[0]!.eventId });
    expect(b.kind === 'queued' && b.response.url).toBe('https://miner.example.com/hook');
  });

  it('queues nothing without a webhook, or for a URL the policy refuses', async () => {
    const outbox = new InMemoryOutboxTestDouble();
    expect(await queueTestNotice({ outbox, directory: directory(), clock, policy: { allowPrivate: false } }, 'm')).toEqual({ kind: 'no-webhook' });
    expect((await queueTestNotice({ outbox, directory: directory('http://127.0.0.1:9/hook'), clock, policy: { allowPrivate: false } }, 'm')).kind).toBe('refused');
    expect(outbox.entries).toHaveLength(0);
  });
});
