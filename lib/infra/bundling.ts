// How every function is bundled, in ONE place: esbuild's API with the options and plugin below.
// The CDK construct builds its asset with buildBundle (lib/infra/function-code.ts, local bundling),
// and so do the bundle tests and `npm run bench:bundles`: what is tested and measured is what is
// deployed. (NodejsFunction's esbuild CLI cannot take plugins, hence no NodejsFunction.)
import { copyFileSync, mkdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { build, type BuildOptions, type Metafile, type Plugin } from 'esbuild';
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
  /** The file Lambda loads (`handler: index.handler`). */
  outfile: 'index.mjs',
} as const;

/**
 * zod re-exports every locale as a namespace (`z.locales`, `z.core.locales`), which esbuild cannot
 * tree-shake: ~260 KB of translated error messages per bundle. The broker's messages are English
 * (the `en` locale zod configures by default), so the barrel is replaced by `en` alone.
 */
export const zodEnglishOnly: Plugin = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) => {
      if (!/[\\/]node_modules[\\/]zod[\\/]/.test(args.importer)) return undefined;
      return { path: join(dirname(args.importer), '..', 'locales', 'index.js'), namespace: 'zod-english-only' };
    });
    b.onLoad({ filter: /.*/, namespace: 'zod-english-only' }, (args) => ({
      contents: "export { default as en } from './en.js';",
      resolveDir: dirname(args.path),
      loader: 'js',
    }));
  },
};

/** The options for one function (or the CLI): entry project-relative, output `outdir/index.mjs`. */
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
    plugins: [zodEnglishOnly],
    logLevel: 'silent',
  };
}

export interface BuiltBundle {
  /** Absolute path of index.mjs. */
  outfile: string;
  /** Which inputs ended up in the output, with their bytes (the metafile does not change the output). */
  metafile: Metafile;
}

/** Bundles one function into `outdir`, its assets (project-relative files) copied beside index.mjs. */
export async function buildBundle(entry: string, outdir: string, assets: readonly string[] = []): Promise<BuiltBundle> {
  mkdirSync(outdir, { recursive: true });
  const options = esbuildOptions(entry, outdir);
  const result = await build({ ...options, metafile: true });
  for (const asset of assets) copyFileSync(join(PROJECT_ROOT, asset), join(outdir, basename(asset)));
  return { outfile: options.outfile as string, metafile: result.metafile };
}
