// A curtailment version's dispatch stored as the delta of what it changed (issue 9): a national
// dispatch is 22,000 rows × 96 intervals (12.6 MB of JSON with the notices) and a cut changes a
// few intervals of a few thousand rows. The store writes the delta and rebuilds a version from
// the curtailment base (version 0) and the chain of deltas; records stored whole still load.
import type { Dispatch, DispatchDelta } from '../../schemas/lifecycle';

/**
 * The delta from `previous` to `next` (next.version = previous.version + 1, the same rows in the
 * same order), or undefined when `next` is not such a successor (then the record is stored whole).
 * Rows are compared by reference first: curtail() copies only the rows it changes.
 */
export function dispatchDelta(previous: Dispatch, next: Dispatch): DispatchDelta | undefined {
  if (next.auctionId !== previous.auctionId || next.version !== previous.version + 1 || next.bids.length !== previous.bids.length) return undefined;
  const bids: DispatchDelta['bids'] = [];
  for (const [i, b] of next.bids.entries()) {
    const a = previous.bids[i];
    if (!a || a.bidId !== b.bidId || a.mw.length !== b.mw.length) return undefined;
    if (a.mw === b.mw) continue;
    const index: number[] = [];
    const mw: number[] = [];
    b.mw.forEach((x, t) => { if (x !== a.mw[t]) { index.push(t); mw.push(x); } });
    if (index.length > 0) bids.push({ bidId: b.bidId, index, mw });
  }
  return { auctionId: next.auctionId, version: next.version, from: previous.version, bids };
}

/**
 * Version delta.version: `previous` (version delta.from) with the delta's values set. Unchanged
 * rows are shared with `previous` (dispatches are immutable once built). Throws when the delta
 * does not fit `previous` (another auction or version, an unknown bid, an interval outside a row).
 */
export function applyDispatchDelta(previous: Dispatch, delta: DispatchDelta): Dispatch {
  const where = `dispatch delta ${delta.version} of auction ${delta.auctionId}`;
  if (delta.auctionId !== previous.auctionId || delta.from !== previous.version || delta.version !== previous.version + 1) {
    throw new Error(`${where} does not follow version ${previous.version} of auction ${previous.auctionId}`);
  }
  const bids = previous.bids.slice();
  let j = 0; // delta rows are in the dispatch's row order: one merge walk
  for (const d of delta.bids) {
    let row = bids[j];
    while (row && row.bidId !== d.bidId) row = bids[++j];
    if (!row) throw new Error(`${where} names bid ${d.bidId}, which is not in version ${previous.version} (or out of row order)`);
    const mw = row.mw.slice();
    d.index.forEach((t, k) => {
      const x = d.mw[k];
      if (x === undefined || t >= mw.length) throw new Error(`${where} sets interval ${t} of bid ${d.bidId}, which has ${mw.length}`);
      mw[t] = x;
    });
    bids[j++] = { bidId: row.bidId, mw };
  }
  return { auctionId: previous.auctionId, version: delta.version, bids };
}
