// A token bucket per API key, in this process's memory. Locally (one Node process) that is the
// whole limit; in Lambda each warm instance keeps its own buckets, so the account-wide limit is
// API Gateway's stage/route throttling (docs/api.md) and this only stops one hot instance.
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly perSecond: number, private readonly burst: number, private readonly maxKeys = 10_000) {}

  /** Takes one token; returns 0 when allowed, else the seconds until one is available. */
  take(key: string, nowMs: number): number {
    const bucket = this.refill(key, nowMs);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return this.waitFor(bucket);
  }

  /** The seconds until a token is available (0: one is), without taking it. */
  peek(key: string, nowMs: number): number {
    const bucket = this.refill(key, nowMs);
    return bucket.tokens >= 1 ? 0 : this.waitFor(bucket);
  }

  private refill(key: string, nowMs: number): { tokens: number; at: number } {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= this.maxKeys) this.buckets.clear();
      bucket = { tokens: this.burst, at: nowMs };
      this.buckets.set(key, bucket);
    }
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((nowMs - bucket.at) / 1000) * this.perSecond);
    bucket.at = nowMs;
    return bucket;
  }

  private waitFor(bucket: { tokens: number }): number {
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.perSecond));
  }
}
