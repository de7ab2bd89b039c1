// The esbuild options every function is bundled with, in ONE place: the CDK construct
// (NodejsFunction) and the bundle test/benchmark (esbuild directly) both derive theirs from
// BUNDLE, so what is tested and measured is what is deployed.
import { copyFileSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { build, type BuildOptions, type Metafile } from 'esbuild';
import { OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { PROJECT_ROOT } from './project-root';

/** ESM output has no `require`; some CommonJS dependencies still call it. */
export const CREATE_REQUIRE_BANNER =
  "import { createRequire as __brokerCreateRequire } from 'node:module'; const require = __brokerCreateRequire(import.meta.url);";

export const BUNDLE = {
  target: 'node22',
  format: 'esm',
  minify: true,
  sourceMap: true,
  // Stack traces map to file:line without shipping the sources themselves.
  sourcesContent: false,
  // Prefer the ESM build of dual packages (smaller, tree-shakeable).
  mainFields: ['module', 'main'],
  banner: CREATE_REQUIRE_BANNER,
  // Everything is bundled, the AWS SDK included: the deployed bytes are the tested bytes,
  // independent of the SDK version the Lambda runtime happens to ship.
  external: [] as string[],
  /** Output file name NodejsFunction uses for ESM. */
  outfile: 'index.mjs',
} as const;

/** Options for NodejsFunction; `assets` are project-relative files copied next to index.mjs. */
export function cdkBundlingOptions(assets: readonly string[] = []): BundlingOptions {
  return {
    target: BUNDLE.target,
    format: OutputFormat.ESM,
    minify: BUNDLE.minify,
    sourceMap: BUNDLE.sourceMap,
    sourcesContent: BUNDLE.sourcesContent,
    mainFields: [...BUNDLE.mainFields],
    banner: BUNDLE.banner,
    externalModules: [...BUNDLE.external],
    bundleAwsSDK: true,
    // Local esbuild only: synth must work without Docker or network.
    forceDockerBundling: false,
    ...(assets.length > 0
      ? {
          commandHooks: {
            beforeBundling: () => [],
            beforeInstall: () => [],
            afterBundling: (inputDir: string, outputDir: string) =>
              assets.map((asset) => `cp "${join(inputDir, asset)}" "${join(outputDir, basename(asset))}"`),
          },
        }
      : {}),
  };
}

/** The same options for esbuild's API (tests, benchmarks). */
export function esbuildOptions(entry: string, outdir: string): BuildOptions {
  return {
    entryPoints: [join(PROJECT_ROOT, entry)],
    outfile: join(outdir, BUNDLE.outfile),
    bundle: true,
    platform: 'node',
    target: BUNDLE.target,
    format: BUNDLE.format,
    minify: BUNDLE.minify,
    sourcemap: BUNDLE.sourceMap,
    sourcesContent: BUNDLE.sourcesContent,
    mainFields: [...BUNDLE.mainFields],
    banner: { js: BUNDLE.banner },
    external: [...BUNDLE.external],
    logLevel: 'silent',
  };
}

export interface BuiltBundle {
  /** Absolute path of index.mjs. */
  outfile: string;
  /** Which inputs ended up in the output, with their bytes (the metafile does not change the output). */
  metafile: Metafile;
}

/** Bundles one function into `outdir` exactly as the construct would, assets included. */
export async function buildBundle(entry: string, outdir: string, assets: readonly string[] = []): Promise<BuiltBundle> {
  mkdirSync(outdir, { recursive: true });
  const options = esbuildOptions(entry, outdir);
  const result = await build({ ...options, metafile: true });
  for (const asset of assets) copyFileSync(join(PROJECT_ROOT, asset), join(outdir, basename(asset)));
  return { outfile: options.outfile as string, metafile: result.metafile };
}
