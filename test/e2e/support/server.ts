// Serves a Hono app on 127.0.0.1 at an ephemeral port with @hono/node-server, for the browser and
// CLI tests (real sockets, real HTTP).
import { serve, type ServerType } from '@hono/node-server';
import type { Hono } from 'hono';
import type { AddressInfo } from 'node:net';

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

export async function serveApp(app: Hono<any>): Promise<RunningServer> {
  return new Promise((ok) => {
    const server: ServerType = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) => {
      ok({
        url: `http://127.0.0.1:${info.port}`,
        close: () => new Promise<void>((done) => {
          server.close(() => done());
          // Browsers keep connections alive; end them so close() returns.
          if ('closeAllConnections' in server) server.closeAllConnections();
        }),
      });
    });
  });
}
