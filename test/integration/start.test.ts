// `npm start` as a user runs it: DynamoDB Local + table + key + API on 127.0.0.1, the demo fill,
// then SIGINT stops the server and java (no process left behind).
import { describe, expect, it } from 'vitest';
import { spawn, execFileSync } from 'node:child_process';
import { freePort } from '../../apps/local/dynamodb-local';

const alive = (pid: number) => { try { process.kill(pid, 0); return true; } catch { return false; } };

describe('npm start', () => {
  it('serves the API, fills the demo, prints the key, and Ctrl-C leaves no java behind', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'apps/local/main.ts', '--port', String(port), '--demo'], {
      env: { ...process.env, BROKER_BOOTSTRAP_KEY: '', PORT: '', BROKER_DB_PATH: '' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => { out += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => { out += chunk.toString(); });
    const exited = new Promise<number | null>((ok) => child.once('exit', (code) => ok(code)));
    let javaPids: number[] = [];
    try {
      const deadline = Date.now() + 45_000;
      while (!out.includes('Ctrl-C stops') && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 100));
      expect(out).toContain(`Surplus Broker API   http://127.0.0.1:${port}`);
      expect(out).toContain(`http://127.0.0.1:${port}/docs`);
      const key = /Operator key\s+(sb_\S+)/.exec(out)?.[1];
      expect(key).toBeDefined();
      const auctionId = /auction (auc_\S+):/.exec(out)?.[1];
      expect(out).toMatch(/17 bids from 17 bidders/);

      const base = `http://127.0.0.1:${port}`;
      expect(await (await fetch(`${base}/health`)).json()).toEqual({ status: 'ok' });
      expect((await fetch(`${base}/docs`)).status).toBe(200);
      const bids = await (await fetch(`${base}/v1/auctions/${auctionId}/bids?limit=100`, { headers: { authorization: `Bearer ${key}` } })).json() as { items: { class: string }[] };
      expect(bids.items.filter((b) => b.class === 'mining')).toHaveLength(12);
      expect(bids.items.filter((b) => b.class === 'ai')).toHaveLength(5);
      const forecast = await (await fetch(`${base}/v1/auctions/${auctionId}/forecast`, { headers: { authorization: `Bearer ${key}` } })).json() as { intervals: { surplusMw: number; reservePrice: number }[] };
      expect(Math.max(...forecast.intervals.map((i) => i.surplusMw))).toBe(2000);
      // The demo is a market: cleared now, prices above the reserve, a rejected block, then curtailed once.
      expect(out).toMatch(/gate closed now, (cleared|delivering) in [\d.]+ s, then 3 intervals curtailed/);
      expect(out).toContain(`${base}/dashboard`);
      const result = await (await fetch(`${base}/v1/auctions/${auctionId}/result`, { headers: { authorization: `Bearer ${key}` } })).json() as { intervals: { price: number }[]; bids: { accepted: boolean }[] };
      expect(result.intervals.some((iv, i) => iv.price > forecast.intervals[i]!.reservePrice! + 20)).toBe(true);
      expect(result.bids.some((b) => !b.accepted)).toBe(true);

      javaPids = execFileSync('pgrep', ['-P', String(child.pid), 'java'], { encoding: 'utf8' }).trim().split('\n').map(Number);
      expect(javaPids).toHaveLength(1);
      child.kill('SIGINT');
      expect(await exited).toBe(0);
      await new Promise((r) => setTimeout(r, 300));
      expect(alive(javaPids[0]!)).toBe(false);
      await expect(fetch(`${base}/health`)).rejects.toThrow();
    } finally {
      // Only if an assertion failed midway: never leave this run's processes behind.
      if (child.exitCode === null) child.kill('SIGKILL');
      for (const pid of javaPids) if (alive(pid)) process.kill(pid, 'SIGKILL');
    }
  }, 90_000);
});
