// A block's MW in each of its intervals: `mw` throughout, or its `profile` (SPEC §1 "Profile block").
// The book schema allows either; validation makes sure exactly one is given.
import type { BlockBid } from './book';

/** MW of the block in the k-th interval of its run (at ratio 1). */
export function blockMwAt(bid: Pick<BlockBid, 'mw' | 'profile'>, k: number): number {
  return bid.profile ? (bid.profile[k] ?? 0) : (bid.mw ?? 0);
}

/** The block's MW in every interval of its run, at ratio 1. */
export function blockShape(bid: Pick<BlockBid, 'mw' | 'profile' | 'duration'>): number[] {
  return bid.profile ? [...bid.profile] : Array.from({ length: bid.duration }, () => bid.mw ?? 0);
}

/** The largest MW the block takes in any interval (its `mw`, or the profile's peak). */
export function blockPeakMw(bid: Pick<BlockBid, 'mw' | 'profile'>): number {
  return bid.profile ? Math.max(...bid.profile) : (bid.mw ?? 0);
}

/** Σ MW over the block's intervals at ratio 1 (× interval hours = its energy). */
export function blockMwSum(bid: Pick<BlockBid, 'mw' | 'profile' | 'duration'>): number {
  return bid.profile ? bid.profile.reduce((a, b) => a + b, 0) : (bid.mw ?? 0) * bid.duration;
}
