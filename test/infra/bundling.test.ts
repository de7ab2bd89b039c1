// The construct (NodejsFunction) and the bundle test/benchmark (esbuild API) must bundle alike:
// both derive from BUNDLE; this pins the derivation field by field.
import { STATIC_ASSET_FILES } from '../../lib/dashboard/static-assets';
import { describe, expect, it } from 'vitest';
import { OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { BUNDLE, cdkBundlingOptions, esbuildOptions } from '../../lib/infra/bundling';
import { FUNCTION_SPECS, HIGHS_WASM } from '../../lib/infra/function-specs';

describe('bundling options', () => {
  const cdk = cdkBundlingOptions();
  const esb = esbuildOptions('functions/api.ts', '/tmp/out');

  it('derive the same esbuild settings for CDK and for the esbuild API', () => {
    expect(cdk.format).toBe(OutputFormat.ESM);
    expect(esb.format).toBe('esm');
    expect([cdk.target, esb.target]).toEqual([BUNDLE.target, BUNDLE.target]);
    expect([cdk.minify, esb.minify]).toEqual([true, true]);
    expect([cdk.sourceMap, esb.sourcemap]).toEqual([true, true]);
    expect([cdk.sourcesContent, esb.sourcesContent]).toEqual([false, false]);
    expect(cdk.mainFields).toEqual(esb.mainFields);
    expect(cdk.banner).toBe(esb.banner?.js);
    expect(cdk.externalModules).toEqual(esb.external);
    expect(cdk.bundleAwsSDK).toBe(true);
    expect(esb.outfile).toBe('/tmp/out/index.mjs');
  });

  it('bundles locally (never Docker) and with a createRequire banner for CommonJS dependencies', () => {
    expect(cdk.forceDockerBundling).toBe(false);
    expect(BUNDLE.banner).toMatch(/^import \{ createRequire as (\w+) \} from 'node:module'; const require = \1\(import\.meta\.url\);$/);
    expect(BUNDLE.target).toBe('node22');
  });

  it('copies the highs WebAssembly next to the clearing bundle, and only there', () => {
    expect(FUNCTION_SPECS.clear.assets).toEqual([HIGHS_WASM]);
    const hooks = cdkBundlingOptions(FUNCTION_SPECS.clear.assets).commandHooks;
    expect(hooks?.afterBundling('/in', '/out')).toEqual([`cp "/in/${HIGHS_WASM}" "/out/highs.wasm"`]);
    expect(FUNCTION_SPECS.api.assets).not.toContain(HIGHS_WASM);
    expect(cdkBundlingOptions(FUNCTION_SPECS.deliverNotices.assets).commandHooks).toBeUndefined();
  });
  it('copies every page asset next to the API bundle (and nothing into the scheduled functions)', () => {
    const copies = cdkBundlingOptions(FUNCTION_SPECS.api.assets).commandHooks?.afterBundling('/in', '/out') ?? [];
    expect(copies).toEqual(STATIC_ASSET_FILES.map((f) => `cp "/in/${f}" "/out/${f.split('/').at(-1)}"`));
    expect(copies.map((c) => c.split('/out/')[1])).toEqual(expect.arrayContaining(['swagger-ui-bundle.js"', 'uPlot.min.css"', 'chart.js"']));
  });
});
