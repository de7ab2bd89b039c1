// A 413 must not poison a keep-alive connection (issue 13, finding 5): over real sockets, a
// client that sent a 2 MB body can send its next request without an "other side closed" error.
import { Agent, request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './support/api';
import { serveApp, type RunningServer } from '../e2e/support/server';

function send(agent: Agent, url: string, method: string, body?: string): Promise<{ status: number; connection: string | undefined }> {
  return new Promise((ok, fail) => {
    const req = request(url, { method, agent, headers: body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {} }, (res) => {
      res.resume();
      res.once('end', () => ok({ status: res.statusCode ?? 0, connection: res.headers.connection }));
    });
    req.once('error', fail);
    req.end(body);
  });
}

describe('keep-alive after 413', () => {
  let h: Harness;
  let server: RunningServer;
  beforeAll(async () => { h = await createHarness(); server = await serveApp(h.app); });
  afterAll(async () => { await server.close(); await h.drop(); });

  it('answers Connection: close, and 20 rounds of 413 then a normal request all succeed on one keep-alive agent', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const big = JSON.stringify({ pad: 'x'.repeat(2 * 1024 * 1024) });
    for (let round = 0; round < 20; round++) {
      const refused = await send(agent, `${server.url}/v1/keys`, 'POST', big);
      expect(refused).toEqual({ status: 413, connection: 'close' });
      expect((await send(agent, `${server.url}/health`, 'GET')).status).toBe(200);
    }
    agent.destroy();
  });
});
