// The API's ClearingEngine: it serializes and digests published results (a bidder's view of the
// result, the book's digest) but never solves — POST …/clear only makes an auction due and the
// clear function (functions/clear.ts, or npm start's scheduler) clears it. Importing neither the
// solver nor HiGHS keeps both out of the API bundle (budget: 1 MB, npm run bench:bundles).
import { bookDigest } from '../clearing/canonical';
import { serializeResult } from '../clearing/serialize-result';
import type { ClearingEngine } from '../lifecycle/ports';

export const publishedResultsOnly: ClearingEngine = {
  clear: () => Promise.reject(new Error('the API does not solve: the clear function clears auctions that are due')),
  serialize: serializeResult,
  digest: bookDigest,
};
