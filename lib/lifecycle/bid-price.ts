// The price per MWh a bid pays under uniform pricing (SPEC §2 "Firm capacity"): firm quantity
// pays the interval's `firmPrice`, interruptible quantity its `price`. A bid is firm or
// interruptible as a whole (default: blocks firm, curves interruptible), so all of a firm bid's
// allocation is firm quantity. A result without firm figures (no firm capacity in the book)
// charges every bid the `price`, exactly as before firm prices existed.
import type { BookBid } from '../../schemas/book';
import type { IntervalResult } from '../../schemas/result';

export const isFirm = (bid: BookBid): boolean => (bid.firmness ?? (bid.type === 'block' ? 'firm' : 'interruptible')) === 'firm';

export function uniformPriceOf(bid: BookBid, interval: IntervalResult): number {
  // firmPrice ≥ price by the result's contract; max() keeps a firm bid from ever paying less.
  return isFirm(bid) && interval.firmPrice !== undefined ? Math.max(interval.firmPrice, interval.price) : interval.price;
}
