// TEST DOUBLE of the LifecycleStore port: plain in-memory maps with the conditional semantics the
// DynamoDB adapter must have, result chunks written one by one, and fault injection ("every
// write after the k-th throws") to stand in for a crash at any point. test/contract/ runs the
// same port contract against this double and the DynamoDB adapter.
import { createHash } from 'node:crypto';
import type { AuctionStatus, LifecycleTimestamps } from '../../../schemas/lifecycle';
import type { AuctionRecord, BookInputs, LifecycleStore, ResultKey, StoredBid, StoredForecast } from '../../../lib/lifecycle/ports';
import { nextLifecycleState } from '../../../lib/lifecycle/lifecycle-state';

const CHUNK = 64; // tiny chunks so that a result spans several writes

export class InMemoryLifecycleStoreTestDouble implements LifecycleStore {
  auctions = new Map<string, AuctionRecord>();
  forecasts = new Map<string, StoredForecast[]>();
  bids = new Map<string, StoredBid[]>();
  books = new Map<string, string>();
  chunks = new Map<string, string>();
  /** Blobs written and not yet found referenced by a sweep: key → what and when. */
  markers = new Map<string, { auctionId: string; inputDigest: string; resultSha256?: string; at: Date }>();
  writes = 0;
  /** When set, the write with this 1-based number and every later one throws. */
  failFromWrite: number | undefined;

  private write(): void {
    this.writes++;
    if (this.failFromWrite !== undefined && this.writes >= this.failFromWrite) throw new Error(`injected fault at write ${this.writes}`);
  }

  private get(id: string): AuctionRecord {
    const a = this.auctions.get(id);
    if (!a) throw new Error(`no auction ${id}`);
    return a;
  }

  /** Due = what the lifecycle itself says is due (the adapter's index must agree: test/contract/). */
  async listDueAuctions(now: Date, limit: number): Promise<AuctionRecord[]> {
    return [...this.auctions.values()].filter((a) => nextLifecycleState(a, now).kind !== 'none').slice(0, limit).map((a) => structuredClone(a));
  }

  async getAuction(id: string): Promise<AuctionRecord | undefined> {
    const a = this.auctions.get(id);
    return a && structuredClone(a);
  }

  async transition(id: string, from: AuctionStatus, to: AuctionStatus, ts: Partial<LifecycleTimestamps>): Promise<boolean> {
    this.write();
    const a = this.auctions.get(id);
    if (!a || a.status !== from) return false;
    a.status = to;
    a.timestamps = { ...a.timestamps, ...ts };
    return true;
  }

  async claim(id: string, c: { owner: string; now: Date; leaseUntil: Date }): Promise<{ attempts: number; lastError?: string } | null> {
    this.write();
    const a = this.auctions.get(id);
    if (!a) return null;
    const free = a.status === 'closed' || (a.status === 'clearing' && (!a.clearing?.leaseUntil || Date.parse(a.clearing.leaseUntil) <= c.now.getTime()));
    if (!free) return null;
    const attempts = (a.clearing?.attempts ?? 0) + 1;
    a.status = 'clearing';
    a.clearing = { ...a.clearing, owner: c.owner, leaseUntil: c.leaseUntil.toISOString(), attempts };
    a.timestamps = { clearingAt: c.now.toISOString(), ...a.timestamps };
    return { attempts, ...(a.clearing.lastError ? { lastError: a.clearing.lastError } : {}) };
  }

  async renewLease(id: string, lease: { owner: string; leaseUntil: Date }): Promise<boolean> {
    this.write();
    const a = this.auctions.get(id);
    if (a?.status !== 'clearing' || a.clearing?.owner !== lease.owner) return false;
    a.clearing = { ...a.clearing, leaseUntil: lease.leaseUntil.toISOString() };
    return true;
  }

  async readBookInputs(id: string): Promise<BookInputs> {
    return { auction: structuredClone(this.get(id)), forecasts: this.forecasts.get(id) ?? [], bids: this.bids.get(id) ?? [] };
  }

  async saveBook(id: string, digest: string, json: string): Promise<void> {
    this.write();
    const key = `${id}|${digest}`;
    const prev = this.books.get(key);
    if (prev !== undefined && prev !== json) throw new Error('book bytes differ for one digest');
    this.books.set(key, json);
    this.markers.set(`book|${key}`, { auctionId: id, inputDigest: digest, at: new Date() });
  }

  /** The DynamoDB adapter's rule: decide only once the auction is published; keep undecided ones. */
  async sweepOrphanedBlobs(olderThan: Date, limit: number): Promise<{ removed: number; referenced: number; undecided: number }> {
    const out = { removed: 0, referenced: 0, undecided: 0 };
    for (const [key, m] of [...this.markers].filter(([, m]) => m.at < olderThan).slice(0, limit)) {
      const a = this.auctions.get(m.auctionId);
      if (a && !['cleared', 'delivering', 'settled'].includes(a.status)) { out.undecided++; continue; }
      const same = a?.clearing?.inputDigest === m.inputDigest && (m.resultSha256 === undefined || a.clearing?.resultSha256 === m.resultSha256);
      this.markers.delete(key);
      if (same) { out.referenced++; continue; }
      const prefix = m.resultSha256 === undefined ? undefined : `${m.auctionId}|${m.inputDigest}|${m.resultSha256}|`;
      if (prefix === undefined) this.books.delete(`${m.auctionId}|${m.inputDigest}`);
      else for (const c of [...this.chunks.keys()].filter((c) => c.startsWith(prefix))) this.chunks.delete(c);
      out.removed++;
    }
    return out;
  }

  async saveResult(id: string, k: ResultKey, json: string): Promise<void> {
    this.markers.set(`result|${id}|${k.inputDigest}|${k.resultSha256}`, { auctionId: id, inputDigest: k.inputDigest, resultSha256: k.resultSha256, at: new Date() });
    for (let i = 0; i * CHUNK < json.length; i++) {
      this.write();
      this.chunks.set(`${id}|${k.inputDigest}|${k.resultSha256}|${i}`, json.slice(i * CHUNK, (i + 1) * CHUNK));
    }
  }

  async publish(id: string, p: ResultKey & { owner: string; resultBytes: number; at: Date }): Promise<boolean> {
    this.write();
    const a = this.auctions.get(id);
    if (a?.status !== 'clearing' || a.clearing?.owner !== p.owner) return false;
    a.status = 'cleared';
    a.clearing = { attempts: a.clearing.attempts, inputDigest: p.inputDigest, resultSha256: p.resultSha256, resultBytes: p.resultBytes };
    a.timestamps = { ...a.timestamps, clearedAt: p.at.toISOString() };
    return true;
  }

  async releaseAfterError(id: string, owner: string, reason: string, at: Date): Promise<boolean> {
    this.write();
    const a = this.auctions.get(id);
    if (a?.status !== 'clearing' || a.clearing?.owner !== owner) return false;
    a.clearing = { ...a.clearing, lastError: reason.slice(0, 2000), leaseUntil: at.toISOString() };
    return true;
  }

  async markFailed(id: string, owner: string, failure: { reason: string; attempts: number }, at: Date): Promise<boolean> {
    this.write();
    const a = this.auctions.get(id);
    if (a?.status !== 'clearing' || a.clearing?.owner !== owner) return false;
    a.status = 'failed';
    a.failure = { reason: failure.reason.slice(0, 2000), attempts: failure.attempts };
    // The lease ends with the attempt (the adapter removes owner and leaseUntil).
    const { owner: _owner, leaseUntil: _lease, ...clearing } = a.clearing;
    a.clearing = clearing;
    a.timestamps = { ...a.timestamps, failedAt: at.toISOString() };
    return true;
  }

  async reopenFailed(id: string): Promise<boolean> {
    this.write();
    const a = this.auctions.get(id);
    if (a?.status !== 'failed') return false;
    a.status = 'closed';
    a.clearing = { attempts: 0 };
    delete a.failure;
    return true;
  }

  async closeGate(id: string, gateClosure: string, closedAt: string): Promise<boolean> {
    this.write();
    const a = this.auctions.get(id);
    if (a?.status !== 'open') return false;
    a.status = 'closed';
    a.gateClosure = gateClosure;
    a.timestamps = { ...a.timestamps, closedAt };
    return true;
  }

  async restampClosedGate(id: string, expected: string, gateClosure: string, closedAt: string): Promise<boolean> {
    this.write();
    const a = this.auctions.get(id);
    if (a?.status !== 'closed' || Date.parse(a.gateClosure) !== Date.parse(expected)) return false;
    a.gateClosure = gateClosure;
    a.timestamps = { ...a.timestamps, closedAt };
    return true;
  }

  /** What a reader sees: the published result (all chunks behind the pointer, checked) or nothing. */
  readPublishedResult(id: string): string | undefined {
    const a = this.get(id);
    if (!['cleared', 'delivering', 'settled'].includes(a.status)) return undefined;
    const { inputDigest, resultSha256, resultBytes } = a.clearing!;
    let json = '';
    for (let i = 0; i * CHUNK < resultBytes!; i++) {
      const c = this.chunks.get(`${id}|${inputDigest}|${resultSha256}|${i}`);
      if (c === undefined) throw new Error(`published result is missing chunk ${i}`);
      json += c;
    }
    if (createHash('sha256').update(json).digest('hex') !== resultSha256) throw new Error('published result does not match its digest');
    return json;
  }
}
