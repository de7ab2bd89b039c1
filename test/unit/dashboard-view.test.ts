import { describe, expect, it } from 'vitest';
import { jsonForScript } from '../../lib/dashboard/json-block';
import { deriveSessionKey, openSession, sealSession } from '../../lib/dashboard/session';
import { buildAuctionView } from '../../lib/dashboard/view-model';
import { FIXTURE_BOOK, FIXTURE_RESULT } from '../e2e/support/fixture';

describe('jsonForScript', () => {
  it('cannot close the script element or open markup, and round-trips', () => {
    const hostile = { id: '</script><script>alert(1)</script>', s: 'a & b <!-- \u2028 \u2029' };
    const text = jsonForScript(hostile);
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual(hostile);
  });
});

describe('dashboard session', () => {
  const key = deriveSessionKey('a'.repeat(32));
  const session = { sid: 's'.repeat(24), key: 'secret-api-key', role: 'bidder' as const, bidderId: 'miner-7', csrf: 'c'.repeat(24), exp: 2_000 };

  it('seals without the key in clear and opens before expiry only', () => {
    const token = sealSession(session, key);
    expect(token).not.toContain('secret-api-key');
    expect(Buffer.from(token, 'base64url').toString('latin1')).not.toContain('secret-api-key');
    expect(openSession(token, key, 1_999)).toEqual(session);
    expect(openSession(token, key, 2_000)).toBeNull();
  });

  it('refuses a tampered token and one sealed under another secret', () => {
    const token = sealSession(session, key);
    const raw = Buffer.from(token, 'base64url');
    raw[20] = (raw[20] ?? 0) ^ 1;
    expect(openSession(raw.toString('base64url'), key, 0)).toBeNull();
    expect(openSession(token, deriveSessionKey('b'.repeat(32)), 0)).toBeNull();
    expect(openSession('not-a-token', key, 0)).toBeNull();
  });
});

describe('buildAuctionView', () => {
  const auction = { ...FIXTURE_BOOK.auction, intervalCount: 8, gateClosure: '2026-11-30T23:00:00Z', status: 'cleared' as const };

  it('keeps the result numbers per interval and derives figures and allocations', () => {
    const view = buildAuctionView({ auction, viewer: { role: 'operator', bidderId: 'operator' }, forecast: FIXTURE_BOOK.intervals, result: FIXTURE_RESULT, bids: FIXTURE_BOOK.bids });
    expect(view.intervals.map((iv) => iv.result)).toEqual(FIXTURE_RESULT.intervals);
    expect(view.intervals[1]?.start).toBe('2026-12-01T00:15:00Z');
    expect(view.figures).toMatchObject({ welfare: 123456.75, bound: 123500, gap: 43.25, optimal: false });
    const rows = Object.fromEntries(view.bids.map((row) => [row.bid.id, row]));
    expect(rows['b-1']?.allocatedMwh).toBe(10_000 * 0.25); // Σ mw × ¼ h
    expect(rows['b-2']?.allocatedMwh).toBe(600 * 4 * 0.25);
    expect(rows['b-3']).toMatchObject({ allocatedMwh: 0, paradoxicallyRejected: true });
  });

  it('renders an auction without a result as pending', () => {
    const view = buildAuctionView({ auction: { ...auction, status: 'open' as const }, viewer: { role: 'bidder', bidderId: 'miner-7' }, forecast: null, result: null, bids: [], unavailable: ['forecast'] });
    expect(view.figures).toBeNull();
    expect(view.intervals).toHaveLength(8);
    expect(view.intervals.every((iv) => iv.result === null && iv.forecast === null)).toBe(true);
  });
});
