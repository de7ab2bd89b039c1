// Every static file the API's pages reference — Swagger UI for /docs, uPlot and the dashboard's
// own stylesheet and scripts — in ONE list. The API function's spec copies these files beside
// its bundle (lib/infra/function-specs.ts), and they are read from there; from a source checkout
// (npm start, tests) they are read where the project keeps them. Read once, on first use.
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';

export interface StaticAsset {
  body: Uint8Array<ArrayBuffer>;
  contentType: string;
  etag: string;
}

const CSS = 'text/css; charset=utf-8';
const JS = 'text/javascript; charset=utf-8';

/** Served name → project-relative source file and content type. A Map: `__proto__` is unknown. */
const SOURCES = new Map<string, { file: string; contentType: string }>([
  ['swagger-ui.css', { file: 'node_modules/swagger-ui-dist/swagger-ui.css', contentType: CSS }],
  ['swagger-ui-bundle.js', { file: 'node_modules/swagger-ui-dist/swagger-ui-bundle.js', contentType: JS }],
  ['swagger-ui-standalone-preset.js', { file: 'node_modules/swagger-ui-dist/swagger-ui-standalone-preset.js', contentType: JS }],
  ['favicon-32x32.png', { file: 'node_modules/swagger-ui-dist/favicon-32x32.png', contentType: 'image/png' }],
  ['uPlot.iife.min.js', { file: 'node_modules/uplot/dist/uPlot.iife.min.js', contentType: JS }],
  ['uPlot.min.css', { file: 'node_modules/uplot/dist/uPlot.min.css', contentType: CSS }],
  ['dashboard.css', { file: 'lib/dashboard/assets/dashboard.css', contentType: CSS }],
  ['chart.js', { file: 'lib/dashboard/assets/chart.js', contentType: JS }],
  ['table.js', { file: 'lib/dashboard/assets/table.js', contentType: JS }],
]);

/** Project-relative files to ship beside the API bundle (their basenames are the served names). */
export const STATIC_ASSET_FILES: readonly string[] = [...SOURCES.values()].map((s) => s.file);

const cache = new Map<string, StaticAsset>();

function read(name: string, file: string): Uint8Array<ArrayBuffer> | undefined {
  // Beside the bundle (deployed), else from the project (this module is lib/dashboard/…).
  for (const url of [new URL(`./${name}`, import.meta.url), new URL(`../../${file}`, import.meta.url)]) {
    try { return new Uint8Array(readFileSync(url)); } catch { /* try the next place */ }
  }
  return undefined;
}

/** The asset, or undefined for a name not served (or a file missing from the deployment). */
export function loadStaticAsset(name: string): StaticAsset | undefined {
  const cached = cache.get(name);
  if (cached) return cached;
  const source = SOURCES.get(name);
  const body = source && read(name, source.file);
  if (!source || !body) return undefined;
  const asset = { body, contentType: source.contentType, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` };
  cache.set(name, asset);
  return asset;
}

/** Served once per day per name; the ETag makes a revalidation cheap after a deploy. */
export const STATIC_CACHE_CONTROL = 'public, max-age=86400';
