// The DynamoDB outbox adapter's conditions: enqueue once (a re-run fan-out never resets an
// entry), one claimant per lease, outcomes recorded only by the lease holder, due index.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTable, type TestTable } from '../../support/dynamodb';
import { createDynamoDbOutbox, putOutboxEntry } from '../../../lib/store/dynamodb-notify-store';
import type { OutboxEntry } from '../../../schemas/lifecycle';

let t: TestTable;
beforeAll(async () => { t = await createTestTable('outbox'); });
afterAll(async () => { await t.drop(); });

const T0 = new Date('2026-12-01T00:00:00.000Z');
const entry = (id: string, at = T0): OutboxEntry => ({ id, eventId: id, bidderId: 'miner-1', body: '{"x":1}', status: 'pending', attempts: 0, nextAttemptAt: at.toISOString(), createdAt: at.toISOString() });

describe('DynamoDB outbox', () => {
  it('enqueues once, leases to one claimant, and only the holder records the outcome', async () => {
    const outbox = createDynamoDbOutbox(t.doc, t.tableName);
    expect(await putOutboxEntry(t.doc, t.tableName, entry('e1'))).toBe(true);
    expect(await putOutboxEntry(t.doc, t.tableName, entry('e2', new Date(T0.getTime() + 60_000)))).toBe(true);
    expect((await outbox.listDue(T0, 10)).map((e) => e.id)).toEqual(['e1']);

    const lease = new Date(T0.getTime() + 30_000);
    const claims = await Promise.all(['a', 'b', 'c'].map((o) => outbox.claim('e1', o, T0, lease)));
    expect(claims.filter((c) => c === 1)).toHaveLength(1);
    expect(claims.filter((c) => c === null)).toHaveLength(2);
    const holder = ['a', 'b', 'c'][claims.indexOf(1)]!;
    expect(await outbox.listDue(T0, 10)).toEqual([]); // leased
    await expect(outbox.update('e1', holder === 'a' ? 'b' : 'a', { status: 'delivered', attempts: 1, deliveredAt: T0.toISOString() })).rejects.toThrow(/lease/);
    await outbox.update('e1', holder, { status: 'delivered', attempts: 1, deliveredAt: T0.toISOString() });
    expect(await outbox.get('e1')).toMatchObject({ status: 'delivered', attempts: 1, deliveredAt: T0.toISOString() });
    expect((await outbox.get('e1'))!.leaseOwner).toBeUndefined();

    // A fan-out re-run enqueues the same entry again: nothing changes.
    expect(await putOutboxEntry(t.doc, t.tableName, entry('e1'))).toBe(false);
    expect(await outbox.get('e1')).toMatchObject({ status: 'delivered' });
    expect(await outbox.claim('e1', 'd', new Date(T0.getTime() + 3_600_000), lease)).toBeNull();

    // A lease that ran out can be taken over; retries move the due time.
    const later = new Date(T0.getTime() + 60_000);
    expect(await outbox.claim('e2', 'x', later, new Date(later.getTime() + 1_000))).toBe(1);
    const after = new Date(later.getTime() + 1_001);
    expect(await outbox.claim('e2', 'y', after, new Date(after.getTime() + 1_000))).toBe(2);
    await outbox.update('e2', 'y', { status: 'pending', attempts: 2, nextAttemptAt: new Date(after.getTime() + 120_000).toISOString(), lastError: 'HTTP 500' });
    expect(await outbox.listDue(after, 10)).toEqual([]);
    expect((await outbox.listDue(new Date(after.getTime() + 120_000), 10)).map((e) => [e.id, e.attempts, e.lastError])).toEqual([['e2', 2, 'HTTP 500']]);
  });
});
