import { describe, expect, it } from 'vitest';
import { formatTable } from '../../apps/cli/output/table';
import { ApiError, problemMessage } from '../../lib/api-client';
import { findCommand, isOfflineClear } from '../../apps/cli/registry';
import { resultCsv } from '../../apps/cli/commands/result';
import { settlementText } from '../../apps/cli/commands/settlement';
import { toCliError, UsageError } from '../../apps/cli/errors';
import { configFromEnv } from '../../apps/cli/config';
import { FIXTURE_RESULT, FIXTURE_SETTLEMENT } from '../e2e/support/fixture';

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

  it('keeps the plain status line for an answer that is not a problem', () => {
    expect(problemMessage(502, 'Bad Gateway', undefined)).toBe('HTTP 502 Bad Gateway');
    expect(new ApiError(502, 'Bad Gateway', { message: 'Internal server error' }).message).toBe('HTTP 502 Bad Gateway');
  });

  it('decides exit codes by error type and status, not by message text', () => {
    const problem = (status: number) => new ApiError(status, '', { type: 'about:blank', title: 'T', status, detail: 'HTTP 999 in the text' });
    expect([400, 413, 415, 422].map((status) => toCliError(problem(status))?.exitCode)).toEqual([2, 2, 2, 2]);
    expect([401, 403, 404, 409, 429, 500].map((status) => toCliError(problem(status))?.exitCode)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(toCliError(problem(422))?.showUsage).toBe(false);
    expect(toCliError(new UsageError('HTTP 422 lookalike'))).toMatchObject({ exitCode: 2, showUsage: true });
    expect(toCliError(new TypeError('a bug'))).toBeUndefined();
  });

  it('reads BROKER_KEY and BROKER_URL once, keeping the first problem for the commands that need them', () => {
    expect(configFromEnv({ BROKER_KEY: 'k', BROKER_URL: 'https://broker.example/' }).broker).toEqual({ ok: true, settings: { url: 'https://broker.example', key: 'k' } });
    expect(configFromEnv({ BROKER_KEY: 'k', BROKER_URL: '' }).broker).toEqual({ ok: true, settings: { url: 'http://127.0.0.1:3000', key: 'k' } });
    expect(configFromEnv({ BROKER_URL: 'ftp://x' }).broker).toMatchObject({ ok: false, error: expect.stringMatching(/^BROKER_KEY is not set/) });
    expect(configFromEnv({ BROKER_KEY: 'k', BROKER_URL: 'ftp://x' }).broker).toEqual({ ok: false, error: 'BROKER_URL is not an http(s) URL: ftp://x' });
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
