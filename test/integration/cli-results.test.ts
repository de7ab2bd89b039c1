// `broker result`, `broker settlement` and `broker clear AUCTION` over real HTTP against the
// stand-in API of the browser tests (test/e2e/support/stub-api.ts), which serves a published
// result and settlement; the lifecycle's own routes are exercised in cli.test.ts once they exist.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { createStubApi, STUB_KEYS } from '../e2e/support/stub-api';
import { serveApp, type RunningServer } from '../e2e/support/server';
import { FIXTURE_RESULT } from '../e2e/support/fixture';
import { ResultSchema } from '../../schemas/result';
import { SettlementSchema } from '../../schemas/lifecycle';

const [OPERATOR, MINER] = Object.keys(STUB_KEYS) as [string, string];
let server: RunningServer;

function cli(args: string[], key = OPERATOR): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/broker.js', ...args], { env: { ...process.env, BROKER_URL: server.url, BROKER_KEY: key }, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

beforeAll(async () => { server = await serveApp(createStubApi()); });
afterAll(async () => { await server?.close(); });

describe('broker result / settlement / clear over HTTP', () => {
  it('prints the result as figures and intervals, as CSV, and as the JSON served', async () => {
    const human = await cli(['result', 'PK-NORTH-FIXTURE']);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toContain('welfare   123456.75');
    expect(human.stdout).toContain('optimal   not proven');
    expect(human.stdout).toMatch(/^\s+3\s+70\s+600\s+1000\s+0$/m);
    const csv = await cli(['result', 'PK-NORTH-FIXTURE', '--csv']);
    expect(csv.stdout.split('\n')).toHaveLength(FIXTURE_RESULT.intervals.length + 2);
    expect(csv.stdout).toContain('\n2,52.5,600,1200,0\n');
    const json = await cli(['result', 'PK-NORTH-FIXTURE', '--json']);
    expect(ResultSchema.parse(JSON.parse(json.stdout))).toEqual(FIXTURE_RESULT);
  });

  it('shows a bidder only the statement the API gives it; --csv asks for text/csv', async () => {
    const operator = await cli(['settlement', 'PK-NORTH-FIXTURE']);
    expect(operator.code, operator.stderr).toBe(0);
    expect(operator.stdout).toContain('revenue 128500.00 USD');
    const bidder = await cli(['settlement', 'PK-NORTH-FIXTURE', '--json'], MINER);
    const statement = SettlementSchema.parse(JSON.parse(bidder.stdout));
    expect(statement.statements.map((s) => s.bidderId)).toEqual(['miner-7']);
    expect(statement.totals).toBeUndefined();
    const csv = await cli(['settlement', 'PK-NORTH-FIXTURE', '--csv'], MINER);
    expect(csv.stdout.split('\n')[0]).toBe('bidder_id,bid_id,interval,delivered_mwh,price,charge');
  });

  it('clears on the server and waits through "still clearing" answers for the result', async () => {
    const run = await cli(['clear', 'PK-NORTH-FIXTURE', '--force']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`digest    ${FIXTURE_RESULT.inputDigest}`);
    const refused = await cli(['clear', 'PK-NORTH-FIXTURE'], MINER);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('HTTP 403');
  });
});
