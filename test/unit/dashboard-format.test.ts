// Local times beside UTC (issue 11): a solar noon peak at 12:00 UTC reads 17:00 in Pakistan.
import { describe, expect, it } from 'vitest';
import { localClock, utc, utcAndLocal } from '../../lib/dashboard/format';

describe('local time formatting', () => {
  it('shows the wall clock of the auction\'s zone beside UTC, across a date line and DST', () => {
    expect(localClock('2026-12-01T12:00:00Z', 'Asia/Karachi')).toBe('17:00 GMT+5');
    expect(utcAndLocal('2026-12-01T20:30:00Z', 'Asia/Karachi')).toBe('2026-12-01 20:30 UTC (2026-12-02 01:30 GMT+5)');
    expect(localClock('2026-07-01T12:00:00Z', 'Europe/Berlin')).toBe('14:00 GMT+2');
    expect(localClock('2026-12-01T12:00:00Z', 'Europe/Berlin')).toBe('13:00 GMT+1');
  });
  it('falls back to UTC alone without a time zone or with an unreadable instant', () => {
    expect(utcAndLocal('2026-12-01T12:00:00Z', undefined)).toBe(utc('2026-12-01T12:00:00Z'));
    expect(utcAndLocal('not a date', 'Asia/Karachi')).toBe('not a date');
    expect(utcAndLocal(undefined, 'Asia/Karachi')).toBe('–');
  });
});
