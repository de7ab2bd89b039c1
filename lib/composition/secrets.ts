// The broker's two secrets (the bootstrap operator key, the dashboard session secret) come
// either as values in the configuration (npm start, tests) or as references that a SecretSource
// resolves at run time (deployed: Secrets Manager ARNs, read with Powertools Parameters, cached).
// Values never sit in a deployed function's environment.
import type { Config } from '../config';

export interface SecretSource {
  /** The secret's current value; throws when it cannot be read. */
  read(ref: string): Promise<string>;
}

/** The configuration with every referenced secret replaced by its value. */
export async function withSecrets(config: Config, source: SecretSource): Promise<Config> {
  const { bootstrapKey, sessionSecret } = config.secretRefs;
  return {
    ...config,
    bootstrapKey: bootstrapKey ? await source.read(bootstrapKey) : config.bootstrapKey,
    sessionSecret: sessionSecret ? await source.read(sessionSecret) : config.sessionSecret,
  };
}

/** For tests and local runs that keep secrets in memory under names. */
export function inMemorySecrets(values: Readonly<Record<string, string>>): SecretSource {
  return {
    async read(ref) {
      const value = values[ref];
      if (value === undefined) throw new Error(`secret ${ref} is not set`);
      return value;
    },
  };
}
