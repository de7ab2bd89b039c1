// TEST DOUBLE around the REAL clearing engine (lib/composition/engine.ts): it clears with the
// production engine and adds the faults the use case must survive — a number of failures, and
// a hook that runs mid-solve (to move the clock or start a competing run).
import type { Book } from '../../../schemas/book';
import type { ClearingResult } from '../../../schemas/result';
import type { ClearingEngine } from '../../../lib/lifecycle/ports';
import { clearingEngine } from '../../../lib/composition/engine';

export class FaultyEngineTestDouble implements ClearingEngine {
  calls = 0;
  /** Throw on the first `failures` calls. */
  failures = 0;
  /** Runs inside clear(), once. */
  during: (() => Promise<void>) | undefined;

  digest(book: Book): string { return clearingEngine.digest(book); }
  serialize(result: ClearingResult): string { return clearingEngine.serialize(result); }

  async clear(book: Book, opts: { timeLimitMs: number }): Promise<ClearingResult> {
    this.calls++;
    if (this.calls <= this.failures) throw new Error(`engine failure ${this.calls}`);
    if (this.during) { const d = this.during; this.during = undefined; await d(); }
    return clearingEngine.clear(book, opts);
  }
}
