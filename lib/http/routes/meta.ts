// Unauthenticated routes: health, the OpenAPI document's viewer. Swagger UI's files are served
// by the app itself (lib/dashboard/static-assets.ts; shipped beside the API bundle), so /docs
// works offline and in AWS.
import { createRoute, z } from '@hono/zod-openapi';
import { createRouter } from '../router';
import { loadStaticAsset, STATIC_CACHE_CONTROL } from '../../dashboard/static-assets';

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
  app.get('/docs/assets/:file', (c) => {
    const file = c.req.param('file');
    // Only Swagger UI's own files under /docs/assets.
    const asset = /^(swagger-ui|favicon)/.test(file) ? loadStaticAsset(file) : undefined;
    if (!asset) return c.notFound();
    if (c.req.header('if-none-match') === asset.etag) return c.body(null, 304);
    return c.body(asset.body, 200, { 'content-type': asset.contentType, etag: asset.etag, 'cache-control': STATIC_CACHE_CONTROL });
  });
  return app;
}
