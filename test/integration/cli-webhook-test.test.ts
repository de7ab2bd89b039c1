// `broker webhook test` against the real local broker (the compiled CLI in a child process; the
// broker as npm start builds it, allowing a receiver on 127.0.0.1): the notice is queued, the
// scheduler's notice run delivers it to a REAL local receiver, signed with the webhook's secret.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreatedKeySchema } from '../../schemas/api/keys';
import { TestNoticeSchema, WebhookTestResponseSchema } from '../../schemas/api/webhook-test';
import { verifyWebhook } from '../../lib/notify/signature';
import { OPERATOR_KEY, startBroker, type Broker } from '../e2e/support/broker';

let broker: Broker;
let receiver: Server;
let hookUrl: string;
const received: { body: string; headers: Record<string, string | string[] | undefined> }[] = [];

interface Run { code: number; stdout: string; stderr: string }
function cli(args: string[], key: string): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, BROKER_URL: broker.server.url, BROKER_KEY: key };
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/broker.js', ...args], { env, cwd: process.cwd(), timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  broker = await startBroker({ WEBHOOK_ALLOW_PRIVATE: 'true' });
  receiver = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => { body += c; });
    req.on('end', () => { received.push({ body, headers: req.headers }); res.writeHead(204).end(); });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
});
afterAll(async () => {
  await new Promise<void>((r) => receiver.close(() => r()));
  await broker?.close();
});

describe('broker webhook test', () => {
  it('says there is no webhook yet, then queues a signed test notice that reaches the receiver', async () => {
    const { key } = await broker.api('POST', '/v1/keys', OPERATOR_KEY, { status: 201, schema: CreatedKeySchema }, { role: 'bidder', bidderId: 'miner-hook', classes: ['mining'] });
    const none = await cli(['webhook', 'test'], key);
    expect(none.code).not.toBe(0);
    expect(none.stderr).toContain('no webhook registered');

    const set = await cli(['webhook', 'set', hookUrl], key);
    expect(set.code, set.stderr).toBe(0);
    const secret = /signing secret (\S+)/.exec(set.stdout)![1]!;

    const run = await cli(['webhook', 'test'], key);
    expect(run.code, run.stderr).toBe(0);
    const eventId = /test notice (\S+) queued for (\S+)/.exec(run.stdout);
    expect(eventId?.[2]).toBe(hookUrl);
    const json = await cli(['webhook', 'test', '--json'], key);
    const second = WebhookTestResponseSchema.parse(JSON.parse(json.stdout));
    expect(second.eventId).not.toBe(eventId![1]);

    await broker.tick();
    expect(received.map((r) => TestNoticeSchema.parse(JSON.parse(r.body)).eventId).sort()).toEqual([eventId![1]!, second.eventId].sort());
    for (const r of received) expect(verifyWebhook(secret, r.headers, r.body, new Date()).ok).toBe(true);

    const operator = await cli(['webhook', 'test'], OPERATOR_KEY);
    expect(operator.code).not.toBe(0);
  });
});
