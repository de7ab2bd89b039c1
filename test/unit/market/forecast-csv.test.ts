import { describe, expect, it } from 'vitest';
import { parseForecastCsv } from '../../../lib/market/forecasts';
import { demoForecastCsv } from '../../../apps/local/demo-fill';

describe('forecast CSV', () => {
  it('parses header + rows (CRLF, BOM, trailing blank lines, spaces)', () => {
    expect(parseForecastCsv('\uFEFFinterval, surplus_mw ,reserve_price\r\n0, 10,1.5\r\n1,0,0\r\n\r\n')).toEqual({ ok: true, value: { intervals: [{ surplusMw: 10, reservePrice: 1.5 }, { surplusMw: 0, reservePrice: 0 }] } });
  });
  it('reports each bad cell by interval path', () => {
    const result = parseForecastCsv('interval,surplus_mw,reserve_price\n0,1e400,1\n1,-1,x\n');
    expect(result.ok === false && result.errors.map((e) => e.path)).toEqual(['intervals[0].surplusMw', 'intervals[1].surplusMw', 'intervals[1].reservePrice']);
  });
  it('rejects hex, empty cells and NaN written out', () => {
    for (const cell of ['0x10', '', 'NaN', '1,2']) {
      expect(parseForecastCsv(`interval,surplus_mw,reserve_price\n0,${cell},1\n`).ok).toBe(false);
    }
  });
  it('the demo day parses: 96 intervals with a 2,000 MW solar peak', () => {
    const result = parseForecastCsv(demoForecastCsv());
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.value.intervals).toHaveLength(96);
      expect(Math.max(...result.value.intervals.map((i) => i.surplusMw))).toBe(2000);
    }
  });
});
