// Static assets the dashboard serves itself (no CDN, works offline): uPlot from its npm package,
// and the dashboard's own stylesheet and scripts beside this module. Read once, on first use, so
// the API's cold start does not pay for them. A bundled deployment must ship `uplot/dist` and
// `lib/dashboard/assets/` beside the bundle (see docs/dashboard.md).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createHash } from 'node:crypto';

export interface Asset {
  body: string;
  contentType: string;
  etag: string;
}

const require = createRequire(import.meta.url);
const own = (name: string) => new URL(`./assets/${name}`, import.meta.url);

/** A Map, not an object: names like `__proto__` or `constructor` are simply unknown. */
const SOURCES = new Map<string, { path: () => string | URL; contentType: string }>(Object.entries({
  'uPlot.iife.min.js': { path: () => require.resolve('uplot/dist/uPlot.iife.min.js'), contentType: 'text/javascript; charset=utf-8' },
  'uPlot.min.css': { path: () => require.resolve('uplot/dist/uPlot.min.css'), contentType: 'text/css; charset=utf-8' },
  'dashboard.css': { path: () => own('dashboard.css'), contentType: 'text/css; charset=utf-8' },
  'chart.js': { path: () => own('chart.js'), contentType: 'text/javascript; charset=utf-8' },
  'table.js': { path: () => own('table.js'), contentType: 'text/javascript; charset=utf-8' },
}));

const cache = new Map<string, Asset>();

/** The asset, or undefined for a name the dashboard does not serve. */
export function loadAsset(name: string): Asset | undefined {
  const cached = cache.get(name);
  if (cached) return cached;
  const source = SOURCES.get(name);
  if (!source) return undefined;
  let body: string;
  try {
    body = readFileSync(source.path(), 'utf8');
  } catch {
    // Not shipped beside a bundle (see docs/dashboard.md): the page still renders, without it.
    return undefined;
  }
  const asset = { body, contentType: source.contentType, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` };
  cache.set(name, asset);
  return asset;
}
