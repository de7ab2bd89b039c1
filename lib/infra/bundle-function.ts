// `node --import tsx lib/infra/bundle-function.ts NAME OUTDIR`: bundles one function of
// FUNCTION_SPECS into OUTDIR with buildBundle. A separate process because CDK's local bundling
// hook (tryBundle) is synchronous and esbuild plugins need its asynchronous API.
import { buildBundle } from './bundling';
import { FUNCTION_SPECS, isFunctionName } from './function-specs';

const [name, outdir] = process.argv.slice(2);
if (!isFunctionName(name) || !outdir) throw new Error(`usage: bundle-function.ts ${Object.keys(FUNCTION_SPECS).join('|')} OUTDIR`);
const spec = FUNCTION_SPECS[name];
await buildBundle(spec.entry, outdir, spec.assets);
