// TEST DOUBLE of the ClearingEngine port (the real engine is on another branch; the wiring phase
// passes lib/clearing). Deterministic greedy: per interval, curve steps at or above the reserve,
// highest price first, up to the surplus; blocks rejected; price = reserve.
import { createHash } from 'node:crypto';
import type { Book } from '../../../schemas/book';
import type { ClearingResult } from '../../../schemas/result';
import type { ClearingEngine } from '../../../lib/lifecycle/ports';

export class FakeEngineTestDouble implements ClearingEngine {
  calls = 0;
  /** Throw on the first `failures` calls. */
  failures = 0;
  /** Runs inside clear(), e.g. to move the clock or start a competing run. */
  during: (() => Promise<void>) | undefined;

  digest(book: Book): string {
    return `sha256:${createHash('sha256').update(JSON.stringify(book)).digest('hex')}`;
  }

  serialize(result: ClearingResult): string {
    return `${JSON.stringify(result, null, 2)}\n`;
  }

  async clear(book: Book, _opts: { timeLimitMs: number }): Promise<ClearingResult> {
    this.calls++;
    if (this.calls <= this.failures) throw new Error(`engine failure ${this.calls}`);
    if (this.during) { const d = this.during; this.during = undefined; await d(); }
    const n = book.intervals.length;
    const mw = new Map(book.bids.map((b) => [b.id, new Array<number>(n).fill(0)]));
    const intervals = book.intervals.map((iv, t) => {
      let left = iv.surplusMw;
      const steps = book.bids.flatMap((b) => (b.type === 'curve' && t >= b.from && t < b.to ? b.steps.map((s) => ({ id: b.id, ...s })) : []))
        .filter((s) => s.price >= iv.reservePrice)
        .sort((a, b) => b.price - a.price || (a.id < b.id ? -1 : 1));
      let mining = 0;
      for (const s of steps) {
        const take = Math.min(left, s.mw);
        mw.get(s.id)![t]! += take;
        left -= take;
        mining += take;
      }
      return { price: iv.reservePrice, aiMw: 0, miningMw: mining, unallocatedMw: left };
    });
    return {
      format: 'surplus-clearing/v1', auctionId: book.auction.id, inputDigest: this.digest(book), intervals,
      bids: book.bids.map((b) => (b.type === 'curve'
        ? { id: b.id, accepted: mw.get(b.id)!.some((x) => x > 0), mw: mw.get(b.id)!.some((x) => x > 0) ? mw.get(b.id)!.slice(b.from, b.to) : [] }
        : { id: b.id, accepted: false, ratio: 0 })),
      welfare: 0, bound: 0, optimal: false, paradoxicallyRejected: [], stats: {},
    };
  }
}
