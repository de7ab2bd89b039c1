// The Lambda functions of the broker: entry file, sizing and extra files. The stateless stack
// and the bundle benchmark both read this list.
import { Duration } from 'aws-cdk-lib';
import { STATIC_ASSET_FILES } from '../dashboard/static-assets';

export interface FunctionSpec {
  /** Project-relative entry file exporting `handler`. */
  entry: string;
  description: string;
  memorySize: number;
  timeout: Duration;
  /** Project-relative files the bundle loads at run time, copied next to index.mjs. */
  assets: readonly string[];
}

/** highs loads its WebAssembly from `new URL('highs.wasm', import.meta.url)`: beside the bundle. */
export const HIGHS_WASM = 'node_modules/highs/build/highs.wasm';

/** Seconds the clearing function gives the solver; below the timeout to leave time to publish. */
export const CLEARING_TIME_LIMIT_S = 240;

export const FUNCTION_SPECS = {
  api: {
    entry: 'functions/api.ts',
    description: 'functions/api.ts: HTTP API (hono)',
    // More memory = more CPU: shorter cold starts for a user-facing function.
    memorySize: 1024,
    timeout: Duration.seconds(10),
    // Every file /docs and /dashboard pages reference, served from beside the bundle.
    assets: STATIC_ASSET_FILES,
  },
  clear: {
    entry: 'functions/clear.ts',
    description: 'functions/clear.ts: clears auctions whose gate closed, advances lifecycle states',
    // HiGHS is CPU-bound and single-threaded: 1769 MB is one full vCPU; the rest is room for
    // large models in WASM memory (10,000 binaries) and the JS heap beside them.
    memorySize: 3008,
    timeout: Duration.minutes(5),
    assets: [HIGHS_WASM],
  },
  deliverNotices: {
    entry: 'functions/deliver-notices.ts',
    description: 'functions/deliver-notices.ts: pushes pending webhook notices from the outbox',
    memorySize: 512,
    timeout: Duration.seconds(60),
    assets: [],
  },
} as const satisfies Record<string, FunctionSpec>;

export type FunctionName = keyof typeof FUNCTION_SPECS;

export function isFunctionName(value: unknown): value is FunctionName {
  return typeof value === 'string' && Object.hasOwn(FUNCTION_SPECS, value);
}
