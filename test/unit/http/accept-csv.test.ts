import { describe, expect, it } from 'vitest';
import { wantsCsv } from '../../../lib/http/routes/settlement';

describe('settlement content negotiation', () => {
  it('CSV only when the client prefers text/csv to JSON', () => {
    expect(wantsCsv(undefined)).toBe(false);
    expect(wantsCsv('text/csv')).toBe(true);
    expect(wantsCsv('text/csv; charset=utf-8')).toBe(true);
    expect(wantsCsv('application/json')).toBe(false);
    expect(wantsCsv('*/*')).toBe(false);
    expect(wantsCsv('text/csv, application/json;q=0.5')).toBe(true);
    expect(wantsCsv('application/json, text/csv;q=0.5')).toBe(false);
    expect(wantsCsv('text/csv, */*')).toBe(false); // a tie goes to JSON
    expect(wantsCsv('text/csv;q=0')).toBe(false);
  });
});
