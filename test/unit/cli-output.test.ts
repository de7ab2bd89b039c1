import { describe, expect, it } from 'vitest';
import { formatTable } from '../../scripts/cli/output';
import { problemMessage } from '../../scripts/cli/http-client';
import { findCommand, isOfflineClear } from '../../scripts/cli/commands/index';
import { resultCsv } from '../../scripts/cli/commands/result';
import { FIXTURE_RESULT, FIXTURE_SETTLEMENT } from '../e2e/support/fixture';
import { settlementText } from '../../scripts/cli/commands/settlement';

describe('broker CLI output', () => {
  it('aligns table columns', () => {
    expect(formatTable(['id', 'mw'], [['b-1', 40], ['b-22', 5]], ['left', 'right'])).toBe('id    mw\n----  --\nb-1   40\nb-22   5\n');
  });

  it('shows a problem with its detail and field paths', () => {
    const text = problemMessage(422, 'Unprocessable Entity', {
      type: 'https://broker/problems/validation', title: 'Invalid request', status: 422, detail: '2 fields are invalid',
      errors: [{ path: 'steps[0].mw', message: 'must be positive' }, { path: '', message: 'bad body' }],
    });
    expect(text).toBe('Invalid request (HTTP 422): 2 fields are invalid\n  steps[0].mw: must be positive\n  (body): bad body');
  });

  it('writes the result intervals as CSV', () => {
    const lines = resultCsv(FIXTURE_RESULT).trimEnd().split('\n');
    expect(lines[0]).toBe('interval,price,ai_mw,mining_mw,unallocated_mw');
    expect(lines[3]).toBe('2,52.5,600,1200,0');
    expect(lines).toHaveLength(9);
  });

  it('dispatches two-word commands and leaves `clear *.json` to the offline replay', () => {
    expect(findCommand(['bids', 'list', 'A'])?.command.name).toBe('bids list');
    expect(findCommand(['clear', 'A'])?.rest).toEqual(['A']);
    expect(findCommand(['nope'])).toBeUndefined();
    expect(isOfflineClear(['clear', 'book.json'])).toBe(true);
    expect(isOfflineClear(['clear', 'AUCTION-1'])).toBe(false);
    expect(isOfflineClear(['clear', 'AUCTION-1', '--force'])).toBe(false);
    expect(isOfflineClear(['clear', '-o', 'out.json', 'book.json'])).toBe(true);
    expect(isOfflineClear(['clear', '-o', 'result.json', 'AUCTION-1'])).toBe(false);
  });
});

describe('broker settlement output', () => {
  it('tabulates the statements and the operator totals', () => {
    const text = settlementText(FIXTURE_SETTLEMENT);
    expect(text).toContain('provisional (delivery not over) settlement, uniform pricing, USD');
    expect(text).toMatch(/miner-7\s+0\s+2425\s+75\s+95312\.50/);
    expect(text).toContain('revenue 128500.00 USD');
  });
});
