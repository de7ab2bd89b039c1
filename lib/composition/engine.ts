// The clearing engine (lib/clearing) behind the lifecycle's ClearingEngine port. Timings stay
// off: the published bytes must be reproducible by `broker clear` on the published book.
// HiGHS (WebAssembly) is loaded on the first solve, the standard way (highs.wasm beside the
// bundle), so processes that never solve never load it.
import { bookDigest, clearBook, serializeResult } from '../clearing';
import type { ClearingEngine } from '../lifecycle/ports';

export const clearingEngine: ClearingEngine = {
  clear: (book, options) => clearBook(book, { timeLimitMs: options.timeLimitMs, timings: false, ...(options.checkpoint ? { checkpoint: options.checkpoint } : {}) }),
  serialize: serializeResult,
  digest: bookDigest,
};
