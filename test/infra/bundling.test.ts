// Every function is bundled by buildBundle (lib/infra/bundling.ts): the CDK asset (local bundling,
// function-code.ts), the bundle tests and the benchmark. This pins the options, the zod plugin and
// which files go beside which bundle.
import { STATIC_ASSET_FILES } from '../../lib/dashboard/static-assets';
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUNDLE, buildBundle, esbuildOptions, zodEnglishOnly } from '../../lib/infra/bundling';
import { FUNCTION_SPECS, HIGHS_WASM, isFunctionName } from '../../lib/infra/function-specs';

describe('bundling options', () => {
  const esb = esbuildOptions('functions/api.ts', '/tmp/out');
  const outdir = mkdtempSync(join(tmpdir(), 'broker-bundling-'));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('bundle everything (the AWS SDK too) as minified ESM for Node 22, with source maps but no sources', () => {
    expect(esb).toMatchObject({ bundle: true, platform: 'node', format: 'esm', target: 'node22', minify: true, sourcemap: true, sourcesContent: false, external: [] });
    expect(esb.outfile).toBe('/tmp/out/index.mjs');
    expect(esb.plugins).toEqual([zodEnglishOnly]);
  });

  it('starts with a createRequire banner for CommonJS dependencies', () => {
    expect(BUNDLE.banner).toMatch(/^import \{ createRequire as (\w+) \} from 'node:module'; const require = \1\(import\.meta\.url\);$/);
    expect(esb.banner).toEqual({ js: BUNDLE.banner });
  });

  it('keeps only zod\'s English locale (the barrel of ~40 locales cannot be tree-shaken)', async () => {
    const built = await buildBundle(FUNCTION_SPECS.deliverNotices.entry, join(outdir, 'deliver'));
    const locales = Object.keys(built.metafile.inputs).filter((input) => /zod\/v4\/locales\/(?!index)/.test(input));
    expect(locales.map((l) => l.split('/').at(-1))).toEqual(['en.js']);
  });

  it('copies the highs WebAssembly beside the clearing bundle only, and every page asset beside the API', async () => {
    expect(FUNCTION_SPECS.clear.assets).toEqual([HIGHS_WASM]);
    expect(FUNCTION_SPECS.api.assets).toEqual(STATIC_ASSET_FILES);
    expect(FUNCTION_SPECS.deliverNotices.assets).toEqual([]);
    await buildBundle(FUNCTION_SPECS.clear.entry, join(outdir, 'clear'), FUNCTION_SPECS.clear.assets);
    expect(readdirSync(join(outdir, 'clear')).sort()).toEqual(['highs.wasm', 'index.mjs', 'index.mjs.map']);
  });

  it('names functions only from FUNCTION_SPECS (the bundler child process takes a name)', () => {
    expect(['api', 'clear', 'deliverNotices'].every(isFunctionName)).toBe(true);
    expect(['toString', '__proto__', 'nope', undefined].some(isFunctionName)).toBe(false);
  });
});
