import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clearBook, serializeResult, validateBook } from '../../../lib/clearing';
import { runCli } from '../../../apps/cli/run';
import { configFromEnv } from '../../../apps/cli/config';
import type { CliIo } from '../../../apps/cli/io';

/** The CLI in process, with no BROKER_* settings (the offline replay needs none). */
const main = (argv: string[], io: CliIo) => runCli(argv, { io, config: configFromEnv({}) });

const sample = new URL('../../../docs/sample-book.json', import.meta.url);

function memoryIo(files: Record<string, string>) {
  const out = { stdout: '', stderr: '', written: {} as Record<string, string> };
  const io: CliIo = {
    stdout: (t) => { out.stdout += t; },
    stderr: (t) => { out.stderr += t; },
    stderrIsTTY: false,
    readFile: async (p) => { if (!(p in files)) throw new Error(`ENOENT: no such file ${p}`); return files[p]!; },
    writeFile: async (p, t) => { out.written[p] = t; },
  };
  return { io, out };
}

describe('broker clear', () => {
  let bookText: string;
  beforeAll(async () => { bookText = await readFile(sample, 'utf8'); });

  it('writes the result file with -o, the same bytes the engine publishes', async () => {
    const { io, out } = memoryIo({ 'book.json': bookText });
    expect(await main(['clear', 'book.json', '-o', 'result.json'], io)).toBe(0);
    const v = validateBook(JSON.parse(bookText));
    if (!v.ok) throw new Error('sample book invalid');
    expect(out.written['result.json']).toBe(serializeResult(await clearBook(v.book)));
    expect(out.stdout).toBe('');
    expect(out.stderr).toMatch(/^cleared PK-NORTH-2026-12-01: welfare \d/);
  });

  it('prints the result on stdout without -o, and adds solveMs only with --timings', async () => {
    const { io, out } = memoryIo({ 'book.json': bookText });
    expect(await main(['clear', 'book.json', '--time-limit', '5'], io)).toBe(0);
    expect(JSON.parse(out.stdout).stats.solveMs).toBeUndefined();
    const timed = memoryIo({ 'book.json': bookText });
    expect(await main(['clear', 'book.json', '--timings'], timed.io)).toBe(0);
    expect(JSON.parse(timed.out.stdout).stats.solveMs).toBeGreaterThanOrEqual(0);
  });

  it('replays a version-1 result byte for byte with --engine surplus-clearing-engine/1', async () => {
    const stored = await readFile(new URL('../clearing/fixtures/sample-result.engine-1.json', import.meta.url), 'utf8');
    const { io, out } = memoryIo({ 'book.json': bookText });
    expect(await main(['clear', 'book.json', '--engine', 'surplus-clearing-engine/1'], io)).toBe(0);
    expect(out.stdout).toBe(stored);
    const current = memoryIo({ 'book.json': bookText });
    expect(await main(['clear', 'book.json'], current.io)).toBe(0);
    expect(JSON.parse(current.out.stdout).stats.engine).toBe('surplus-clearing-engine/3');
  });

  const broken = (mutate: (b: any) => void) => {
    const b = JSON.parse(JSON.stringify(JSON.parse(bookTextSync())));
    mutate(b);
    return JSON.stringify(b);
  };
  let cached = '';
  const bookTextSync = () => cached;
  beforeAll(async () => { cached = await readFile(sample, 'utf8'); });

  it.each([
    ['step mw ≤ 0', (b: any) => { b.bids[0].steps[0].mw = 0; }, 'bids[0].steps[0].mw: must be > 0'],
    ['latestStart too late', (b: any) => { b.bids[1].latestStart = 5; }, 'bids[1].latestStart: 5 > intervals − duration = 3'],
    ['duplicate ids', (b: any) => { b.bids[2].id = 'b-1'; }, 'bids[2].id: duplicate bid id "b-1" (also bids[0])'],
    ['to beyond the last interval', (b: any) => { b.bids[2].to = 7; }, 'bids[2].to: 7 > intervals = 6'],
    ['a non-finite number', (b: any) => { b.intervals[0].surplusMw = 'Infinity'; }, 'intervals[0].surplusMw: must be a finite number'],
    ['a missing field', (b: any) => { delete b.bids[1].price; }, 'bids[1].price: is required'],
  ])('refuses a book with %s: exit 2 and the field path', async (_n, mutate, line) => {
    const { io, out } = memoryIo({ 'bad.json': broken(mutate) });
    expect(await main(['clear', 'bad.json'], io)).toBe(2);
    expect(out.stderr).toContain(`  ${line}\n`);
    expect(out.stdout).toBe('');
  });

  it('refuses 1e999 (parsed as Infinity) as a non-finite number', async () => {
    const text = bookTextSync().replace('"surplusMw": 300', '"surplusMw": 1e999');
    const { io, out } = memoryIo({ 'bad.json': text });
    expect(await main(['clear', 'bad.json'], io)).toBe(2);
    expect(out.stderr).toContain('intervals[0].surplusMw: must be a finite number');
  });

  it('refuses invalid JSON, bad options and unknown commands with exit 2; a missing file with 1', async () => {
    const cases: [string[], Record<string, string>, number, RegExp][] = [
      [['clear', 'x.json'], { 'x.json': '{ nope' }, 2, /not valid JSON/],
      [['clear'], {}, 2, /missing BOOK.json/],
      [['clear', 'x.json', '--time-limit', '-1'], {}, 2, /--time-limit needs a positive number/],
      [['clear', 'x.json', '--fast'], {}, 2, /unknown option --fast/],
      [['clear', 'x.json', '--engine', 'surplus-clearing-engine/9'], {}, 2, /--engine needs one of surplus-clearing-engine\/1, surplus-clearing-engine\/2, surplus-clearing-engine\/3, got surplus-clearing-engine\/9/],
      [['frobnicate'], {}, 2, /unknown command "frobnicate"/],
      [['clear', 'missing.json'], {}, 1, /cannot read missing.json/],
    ];
    for (const [argv, files, code, message] of cases) {
      const { io, out } = memoryIo(files);
      expect(await main(argv, io), argv.join(' ')).toBe(code);
      expect(out.stderr).toMatch(message);
    }
  });

  describe('as a real process (npx broker → bin/broker.js → dist/cli/broker.mjs)', () => {
    let dir: string;
    beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'broker-cli-')); });
    afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

    it('clears the sample book into a file, and exits 2 on an invalid one', async () => {
      const run = promisify(execFile);
      const bin = new URL('../../../bin/broker.js', import.meta.url).pathname;
      const out = join(dir, 'result.json');
      await run(process.execPath, [bin, 'clear', sample.pathname, '-o', out]);
      const result = JSON.parse(await readFile(out, 'utf8'));
      expect(result).toMatchObject({ format: 'surplus-clearing/v1', auctionId: 'PK-NORTH-2026-12-01', optimal: true });
      const bad = join(dir, 'bad.json');
      await writeFile(bad, broken((b) => { b.bids[1].latestStart = 5; }));
      const failed = await run(process.execPath, [bin, 'clear', bad]).then(() => undefined, (e: { code: number; stderr: string }) => e);
      expect(failed?.code).toBe(2);
      expect(failed?.stderr).toContain('bids[1].latestStart: 5 > intervals − duration = 3');
    });

    it('tells to run `npm run build` when the bundle is missing (npm install --ignore-scripts)', async () => {
      const bin = join(dir, 'unbuilt', 'bin', 'broker.js');
      await mkdir(join(dir, 'unbuilt', 'bin'), { recursive: true });
      await copyFile(new URL('../../../bin/broker.js', import.meta.url), bin);
      const failed = await promisify(execFile)(process.execPath, [bin, '--help']).then(() => undefined, (e: { code: number; stderr: string }) => e);
      expect(failed?.code).toBe(1);
      expect(failed?.stderr).toContain('run `npm run build`');
    });
  });
});
