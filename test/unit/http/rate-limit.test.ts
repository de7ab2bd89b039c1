import { describe, expect, it } from 'vitest';
import { TokenBuckets } from '../../../lib/http/rate-limit';

describe('token buckets', () => {
  it('allow a burst, then refill at the rate, per key', () => {
    const buckets = new TokenBuckets(2, 3);
    expect([0, 0, 0].map(() => buckets.take('a', 0))).toEqual([0, 0, 0]);
    expect(buckets.take('a', 0)).toBe(1);
    expect(buckets.take('b', 0)).toBe(0);
    expect(buckets.take('a', 500)).toBe(0);
    expect(buckets.take('a', 500)).toBeGreaterThan(0);
    expect(buckets.take('a', 10_000)).toBe(0);
  });
  it('never holds more than the burst', () => {
    const buckets = new TokenBuckets(100, 2);
    buckets.take('a', 0);
    expect([buckets.take('a', 60_000), buckets.take('a', 60_000), buckets.take('a', 60_000)]).toEqual([0, 0, 1]);
  });
});
