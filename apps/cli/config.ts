// The CLI's settings, read from the environment once (in main.ts) and validated here. A missing
// key is only an error for the commands that call the broker, so it is kept as the message to
// raise, not thrown at start-up (`broker clear BOOK.json` needs no key).
import { z } from 'zod';
import { UsageError } from './errors';

export const DEFAULT_BROKER_URL = 'http://127.0.0.1:3000';

export interface BrokerSettings {
  url: string;
  key: string;
}

export interface CliConfig {
  /** Where and as whom to call the broker, or why that is not possible. */
  broker: { ok: true; settings: BrokerSettings } | { ok: false; error: string };
}

const isHttpUrl = (url: string) => {
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
};

const KEY_MISSING = `BROKER_KEY is not set: export BROKER_KEY=<your API key> (and BROKER_URL, default ${DEFAULT_BROKER_URL})`;

// Key first: its issue is the one reported when both are wrong.
const BrokerEnvSchema = z.object({
  BROKER_KEY: z.string({ error: KEY_MISSING }).min(1, KEY_MISSING),
  BROKER_URL: z.string().optional()
    .transform((url) => url || DEFAULT_BROKER_URL)
    .refine(isHttpUrl, { error: (issue) => `BROKER_URL is not an http(s) URL: ${String(issue.input)}` })
    .transform((url) => url.replace(/\/+$/, '')),
});

export function configFromEnv(env: Record<string, string | undefined>): CliConfig {
  const parsed = BrokerEnvSchema.safeParse(env);
  if (parsed.success) return { broker: { ok: true, settings: { url: parsed.data.BROKER_URL, key: parsed.data.BROKER_KEY } } };
  return { broker: { ok: false, error: parsed.error.issues[0]?.message ?? 'invalid BROKER_URL/BROKER_KEY' } };
}

/** The settings, or the usage error a command that needs the broker exits with. */
export function brokerSettings(config: CliConfig): BrokerSettings {
  if (!config.broker.ok) throw new UsageError(config.broker.error);
  return config.broker.settings;
}
