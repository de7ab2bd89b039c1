// The per-process memo: shared loads, least recently used out first, `has` telling what it holds.
import { describe, expect, it } from 'vitest';
import { lruMemo } from '../../../lib/kernel/lru-memo';

describe('lruMemo', () => {
  it('shares one load per key, lets the least recently used go, and says what it holds', async () => {
    const memo = lruMemo<number>(2);
    let loads = 0;
    const load = (v: number) => async () => { loads++; return v; };
    expect(await Promise.all([memo.get('a', load(1)), memo.get('a', load(9))])).toEqual([1, 1]);
    memo.set('b', 2);
    expect([memo.has('a'), memo.has('b'), memo.has('c')]).toEqual([true, true, false]);
    await memo.get('a', load(9)); // a is now the most recent: c pushes b out
    await memo.get('c', load(3));
    expect([memo.has('a'), memo.has('b'), memo.has('c')]).toEqual([true, false, true]);
    expect(loads).toBe(2);
  });

  it('forgets a failed load', async () => {
    const memo = lruMemo<number>(2);
    await expect(memo.get('x', async () => { throw new Error('no'); })).rejects.toThrow('no');
    expect(memo.has('x')).toBe(false);
    expect(await memo.get('x', async () => 5)).toBe(5);
  });
});
