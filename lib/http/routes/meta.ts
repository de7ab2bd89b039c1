// Unauthenticated routes: health, the OpenAPI document's viewer. Swagger UI's assets come from
// the installed swagger-ui-dist package, served by the app itself, so /docs works offline.
// (A Lambda bundle must ship swagger-ui-dist as a node module for /docs to render there.)
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createRoute, z } from '@hono/zod-openapi';
import { createRouter } from '../router';

/** A Map, not an object: names like `__proto__` or `constructor` are simply unknown. */
const ASSETS = new Map<string, string>(Object.entries({
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
}));

let assetDir: string | undefined;
function swaggerDir(): string {
  assetDir ??= dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  return assetDir;
}

const DOCS_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Surplus Broker API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"><link rel="icon" href="/docs/assets/favicon-32x32.png"></head>
<body><div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/assets/swagger-ui-standalone-preset.js"></script>
<script>window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true, persistAuthorization: true });</script>
</body></html>`;

export function metaRoutes() {
  const app = createRouter();
  app.openapi(createRoute({
    method: 'get', path: '/health', tags: ['meta'], summary: 'Liveness (no auth)',
    responses: { 200: { description: 'OK', content: { 'application/json': { schema: z.strictObject({ status: z.literal('ok') }) } } } },
  }), (c) => c.json({ status: 'ok' as const }, 200));

  app.get('/docs', (c) => c.html(DOCS_HTML));
  app.get('/docs/assets/:file', async (c) => {
    const file = c.req.param('file');
    const type = ASSETS.get(file);
    if (!type) return c.notFound();
    const bytes = await readFile(join(swaggerDir(), file));
    return c.body(new Uint8Array(bytes), 200, { 'content-type': type, 'cache-control': 'public, max-age=86400' });
  });
  return app;
}
