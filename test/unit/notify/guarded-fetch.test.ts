import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicOnlyFetch } from '../../../lib/notify/guarded-fetch';

// A listener on loopback: if the guard let a request through, it would see the connection.
let server: Server;
let port = 0;
let connections = 0;
beforeAll(async () => {
  server = createServer((socket) => { connections++; socket.destroy(); });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : 0;
});
afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

const post = (url: string) => publicOnlyFetch(url, { method: 'POST', headers: {}, body: '{}', redirect: 'manual', signal: AbortSignal.timeout(5_000) });

describe('publicOnlyFetch (delivery-time address check, pinned to the checked address)', () => {
  it.each(['localhost', '127.0.0.1', '[::1]', '[::ffff:127.0.0.1]'])('refuses %s without connecting', async (host) => {
    await expect(post(`https://${host}:${port}/hook`)).rejects.toMatchObject({ code: 'EPRIVATE' });
    expect(connections).toBe(0);
  });
});
