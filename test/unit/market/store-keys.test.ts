import { describe, expect, it } from 'vitest';
import { BID_SHARDS, bidShard } from '../../../lib/store/keys';
import { decodeCursor, encodeCursor } from '../../../lib/store/cursor';
import { InvalidCursorError } from '../../../lib/market/ports';
import { sequentialIds } from '../../support/manual-ports';
import { randomIds } from '../../../lib/kernel/system';

describe('bid shards', () => {
  it('spread sequential and random ids evenly over the shards (each within ±15 % of fair)', () => {
    for (const ids of [sequentialIds(), randomIds]) {
      const counts = new Array<number>(BID_SHARDS).fill(0);
      for (let i = 0; i < 16_000; i++) counts[bidShard(ids.next('bid'))]! += 1;
      for (const count of counts) expect(Math.abs(count - 1000)).toBeLessThan(150);
    }
  });
  it('are a pure function of the id', () => {
    expect(bidShard('bid_00000001')).toBe(bidShard('bid_00000001'));
  });
});

describe('cursors', () => {
  it('round-trip and are checked against the listed partition', () => {
    const text = encodeCursor({ k: { pk: 'a', sk: 'b' } });
    expect(decodeCursor(text, (c) => c.k?.pk === 'a')).toEqual({ k: { pk: 'a', sk: 'b' } });
    expect(() => decodeCursor(text, (c) => c.k?.pk === 'other')).toThrow(InvalidCursorError);
  });
  it('reject garbage, foreign attributes and non-base64url text', () => {
    const bad = ['%%%', Buffer.from('{').toString('base64url'), encodeCursor({ k: { pk: 'a' } }).slice(0, -3) + '!!!',
      Buffer.from(JSON.stringify({ k: { pk: 'a', secret: 'x' } })).toString('base64url'), Buffer.from(JSON.stringify({ s: -1 })).toString('base64url')];
    for (const text of bad) expect(() => decodeCursor(text, () => true)).toThrow(InvalidCursorError);
    expect(decodeCursor(undefined, () => false)).toBeUndefined();
  });
});
