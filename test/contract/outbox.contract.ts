// The OutboxPort contract (lib/notify/outbox.ts) against every implementation: claim only when
// pending, due and not leased; one claimant per lease; outcomes recorded only by the holder.
import { beforeEach, afterEach, describe, expect, it } from 'vitest';
import type { OutboxPort } from '../../lib/notify/outbox';
import type { OutboxEntry } from '../../schemas/lifecycle';

export interface OutboxFixture {
  outbox: OutboxPort;
  add(entry: OutboxEntry): Promise<void>;
  get(id: string): Promise<OutboxEntry | undefined>;
  drop?(): Promise<void>;
}

const T0 = new Date('2026-12-01T00:00:00.000Z');
const plus = (ms: number) => new Date(T0.getTime() + ms);
let n = 0;
const entry = (at = T0, id = `ob${++n}`): OutboxEntry => ({
  id, eventId: id, bidderId: 'miner-1', body: '{"x":1}', status: 'pending', attempts: 0, nextAttemptAt: at.toISOString(), createdAt: T0.toISOString(),
});

export function outboxContract(name: string, make: () => Promise<OutboxFixture>): void {
  describe(`OutboxPort contract: ${name}`, () => {
    let f: OutboxFixture;
    beforeEach(async () => { f = await make(); });
    afterEach(async () => { await f.drop?.(); });

    it('listDue: pending entries due by now and not leased, oldest first, at most `limit`', async () => {
      const [a, b, c] = [entry(plus(2_000)), entry(plus(1_000)), entry(plus(60_000))];
      for (const e of [a, b, c]) await f.add(e);
      expect((await f.outbox.listDue(plus(5_000), 10)).map((e) => e.id)).toEqual([b.id, a.id]);
      expect((await f.outbox.listDue(plus(5_000), 1)).map((e) => e.id)).toEqual([b.id]);
      await f.outbox.claim(b.id, 'o1', plus(5_000), plus(30_000));
      expect((await f.outbox.listDue(plus(5_000), 10)).map((e) => e.id)).toEqual([a.id]);
      expect((await f.outbox.listDue(plus(30_000), 10)).map((e) => e.id)).toEqual([b.id, a.id]); // lease ran out
      expect(await f.outbox.listDue(plus(5_000), 10)).toEqual(expect.arrayContaining([expect.objectContaining({ id: a.id, status: 'pending', attempts: 0 })]));
    });

    it('claim: one claimant per lease, attempts + 1; not before due; a lapsed lease can be taken over', async () => {
      const e = entry(plus(1_000));
      await f.add(e);
      expect(await f.outbox.claim(e.id, 'early', T0, plus(30_000))).toBeNull();
      const claims = await Promise.all(['a', 'b', 'c'].map((o) => f.outbox.claim(e.id, o, plus(1_000), plus(30_000))));
      expect(claims.filter((c) => c === 1)).toHaveLength(1);
      expect(claims.filter((c) => c === null)).toHaveLength(2);
      expect(await f.outbox.claim(e.id, 'd', plus(29_999), plus(60_000))).toBeNull();
      expect(await f.outbox.claim(e.id, 'd', plus(30_000), plus(60_000))).toBe(2);
      expect(await f.get(e.id)).toMatchObject({ leaseOwner: 'd', attempts: 2, leaseUntil: plus(60_000).toISOString() });
      expect(await f.outbox.claim('missing', 'd', plus(30_000), plus(60_000))).toBeNull();
    });

    it('update: only by the lease holder; clears the lease; delivered and dead are final', async () => {
      const e = entry();
      await f.add(e);
      await f.outbox.claim(e.id, 'o1', T0, plus(30_000));
      await expect(f.outbox.update(e.id, 'o2', { status: 'delivered', attempts: 1, deliveredAt: T0.toISOString() })).rejects.toThrow();
      await f.outbox.update(e.id, 'o1', { status: 'pending', attempts: 1, nextAttemptAt: plus(10_000).toISOString(), lastError: 'HTTP 500' });
      const retry = await f.get(e.id);
      expect(retry).toMatchObject({ status: 'pending', attempts: 1, nextAttemptAt: plus(10_000).toISOString(), lastError: 'HTTP 500' });
      expect(retry?.leaseOwner).toBeUndefined();
      expect(retry?.leaseUntil).toBeUndefined();
      expect(await f.outbox.listDue(plus(9_999), 10)).toEqual([]);
      await expect(f.outbox.update(e.id, 'o1', { status: 'delivered', attempts: 1, deliveredAt: T0.toISOString() })).rejects.toThrow(); // lease gone
      expect(await f.outbox.claim(e.id, 'o2', plus(10_000), plus(40_000))).toBe(2);
      await f.outbox.update(e.id, 'o2', { status: 'delivered', attempts: 2, deliveredAt: plus(10_000).toISOString() });
      expect(await f.get(e.id)).toMatchObject({ status: 'delivered', attempts: 2, deliveredAt: plus(10_000).toISOString() });
      expect(await f.outbox.listDue(plus(3_600_000), 10)).toEqual([]);
      expect(await f.outbox.claim(e.id, 'o3', plus(3_600_000), plus(3_700_000))).toBeNull();

      const d = entry();
      await f.add(d);
      await f.outbox.claim(d.id, 'o1', T0, plus(30_000));
      await f.outbox.update(d.id, 'o1', { status: 'dead', attempts: 1, lastError: 'gone' });
      expect(await f.get(d.id)).toMatchObject({ status: 'dead', lastError: 'gone' });
      expect(await f.outbox.claim(d.id, 'o1', plus(3_600_000), plus(3_700_000))).toBeNull();
    });
  });
}
