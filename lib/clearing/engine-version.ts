// The engine versions a result can name. A published result replays byte for byte only with the
// version that produced it, so every earlier version stays selectable (ClearOptions.engine, the
// CLI's --engine). Results of version 1 carry no `stats.engine`; later versions name themselves.
import { z } from 'zod';

export const ENGINE_VERSIONS = ['surplus-clearing-engine/1', 'surplus-clearing-engine/2', 'surplus-clearing-engine/3'] as const;
export const EngineVersionSchema = z.enum(ENGINE_VERSIONS);
export type EngineVersion = z.infer<typeof EngineVersionSchema>;
export const CURRENT_ENGINE: EngineVersion = 'surplus-clearing-engine/3';

/** The version number, for "from version N on" decisions inside the engine. */
export function engineGeneration(v: EngineVersion): number {
  return ENGINE_VERSIONS.indexOf(v) + 1;
}

/** The version that produced a stored result: `stats.engine`, or 1 for results that predate the field. */
export function engineOfResult(stats: Record<string, unknown>): EngineVersion | undefined {
  if (stats.engine === undefined) return 'surplus-clearing-engine/1';
  const parsed = EngineVersionSchema.safeParse(stats.engine);
  return parsed.success ? parsed.data : undefined;
}
