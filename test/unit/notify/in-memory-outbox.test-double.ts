// TEST DOUBLE of the outbox port: a plain in-memory array with the same conditional semantics the
// DynamoDB adapter must have (claim only when pending, due and unleased; update only by the
// lease owner). It can inject one fault: a throw on a chosen update, i.e. a crash after a send.
import type { OutboxEntry } from '../../../schemas/lifecycle';
import type { OutboxPort, OutboxUpdate } from '../../../lib/notify/outbox';

export class InMemoryOutboxTestDouble implements OutboxPort {
  readonly entries: OutboxEntry[] = [];
  /** Throw once on the next update of this entry id to this status (simulated crash). */
  crashOnUpdate: { id: string; status: OutboxUpdate['status'] } | undefined;

  add(entry: OutboxEntry): void {
    this.entries.push(structuredClone(entry));
  }

  async put(entry: OutboxEntry): Promise<boolean> {
    if (this.entries.some((e) => e.id === entry.id)) return false;
    this.add(entry);
    return true;
  }

  async listDue(now: Date, limit: number): Promise<OutboxEntry[]> {
    const t = now.getTime();
    return this.entries
      .filter((e) => e.status === 'pending' && Date.parse(e.nextAttemptAt) <= t && (!e.leaseUntil || Date.parse(e.leaseUntil) <= t))
      .sort((a, b) => a.nextAttemptAt.localeCompare(b.nextAttemptAt) || (a.id < b.id ? -1 : 1))
      .slice(0, limit)
      .map((e) => structuredClone(e));
  }

  async claim(id: string, owner: string, now: Date, leaseUntil: Date): Promise<number | null> {
    const e = this.entries.find((x) => x.id === id);
    const t = now.getTime();
    if (!e || e.status !== 'pending' || Date.parse(e.nextAttemptAt) > t || (e.leaseUntil && Date.parse(e.leaseUntil) > t)) return null;
    e.leaseOwner = owner;
    e.leaseUntil = leaseUntil.toISOString();
    e.attempts += 1;
    return e.attempts;
  }

  async update(id: string, owner: string, u: OutboxUpdate): Promise<void> {
    const e = this.entries.find((x) => x.id === id);
    if (!e || e.leaseOwner !== owner) throw new Error(`conditional update failed for ${id}`);
    if (this.crashOnUpdate?.id === id && this.crashOnUpdate.status === u.status) {
      this.crashOnUpdate = undefined;
      throw new Error('simulated crash after the send, before recording it');
    }
    e.status = u.status;
    e.attempts = u.attempts;
    if (u.status === 'pending') { e.nextAttemptAt = u.nextAttemptAt; e.lastError = u.lastError; }
    if (u.status === 'dead') e.lastError = u.lastError;
    if (u.status === 'delivered') e.deliveredAt = u.deliveredAt;
    delete e.leaseOwner;
    delete e.leaseUntil;
  }
}
