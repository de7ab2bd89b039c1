// The environment, read and validated in ONE place. Everything else receives a typed Config.
import { z } from 'zod';

const EnvSchema = z.object({
  TABLE_NAME: z.string().min(1).default('surplus-broker'),
  DYNAMODB_ENDPOINT: z.url().optional().describe('DynamoDB Local; unset in AWS'),
  AWS_REGION: z.string().min(1).optional(),
  BROKER_BOOTSTRAP_KEY: z.string().min(16, 'use at least 16 characters').optional(),
  LOG_LEVEL: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT']).default('INFO'),
  POWERTOOLS_SERVICE_NAME: z.string().min(1).default('surplus-broker'),
  BROKER_RATE_LIMIT_PER_SECOND: z.coerce.number().positive().default(50),
  BROKER_RATE_LIMIT_BURST: z.coerce.number().int().positive().default(100),
  // Lifecycle (docs/lifecycle.md): the solver's budget per auction, the clearing lease, attempts.
  CLEARING_TIME_LIMIT_S: z.coerce.number().positive().max(900).default(240),
  BROKER_CLEARING_LEASE_S: z.coerce.number().positive().optional().describe('Default: 60 (renewed by heartbeats while solving, so a crash costs ≤ 60 s + one schedule tick)'),
  BROKER_CLEARING_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(3),
  /** http and private/loopback webhook URLs: ONLY for local runs and tests (npm start sets it). */
  WEBHOOK_ALLOW_PRIVATE: z.enum(['true', 'false', '1', '0']).default('false').transform((v) => v === 'true' || v === '1'),
  BROKER_SESSION_SECRET: z.string().min(32, 'use at least 32 characters').optional().describe('Seals dashboard session cookies; the same on every instance'),
  // Deployed: the secrets' ARNs only; the values are read at run time (lib/composition/secrets.ts).
  BROKER_BOOTSTRAP_KEY_SECRET_ARN: z.string().regex(/^arn:aws[\w-]*:secretsmanager:/, 'a Secrets Manager ARN').optional(),
  BROKER_SESSION_SECRET_ARN: z.string().regex(/^arn:aws[\w-]*:secretsmanager:/, 'a Secrets Manager ARN').optional(),
});

/** The clearing lease: heartbeats renew it while a run solves, so it need not cover the time limit. */
export const DEFAULT_CLEARING_LEASE_S = 60;

export interface Config {
  tableName: string;
  dynamodb: { endpoint?: string | undefined; region?: string | undefined };
  bootstrapKey?: string | undefined;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  /** Logs' `service` field and the metrics' only dimension. */
  serviceName: string;
  rateLimit: { perSecond: number; burst: number };
  lifecycle: {
    timeLimitMs: number;
    leaseMs: number;
    maxAttempts: number;
    webhookAllowPrivate: boolean;
  };
  sessionSecret?: string | undefined;
  /** Where the two secrets live when they are not given as values (deployed: Secrets Manager). */
  secretRefs: { bootstrapKey?: string | undefined; sessionSecret?: string | undefined };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings mean "unset", as in most shells and Lambda consoles.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    throw new Error(`invalid environment: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const e = parsed.data;
  return {
    tableName: e.TABLE_NAME,
    dynamodb: { endpoint: e.DYNAMODB_ENDPOINT, region: e.AWS_REGION },
    bootstrapKey: e.BROKER_BOOTSTRAP_KEY,
    logLevel: e.LOG_LEVEL,
    serviceName: e.POWERTOOLS_SERVICE_NAME,
    rateLimit: { perSecond: e.BROKER_RATE_LIMIT_PER_SECOND, burst: e.BROKER_RATE_LIMIT_BURST },
    lifecycle: {
      timeLimitMs: e.CLEARING_TIME_LIMIT_S * 1000,
      leaseMs: (e.BROKER_CLEARING_LEASE_S ?? DEFAULT_CLEARING_LEASE_S) * 1000,
      maxAttempts: e.BROKER_CLEARING_MAX_ATTEMPTS,
      webhookAllowPrivate: e.WEBHOOK_ALLOW_PRIVATE,
    },
    sessionSecret: e.BROKER_SESSION_SECRET,
    secretRefs: { bootstrapKey: e.BROKER_BOOTSTRAP_KEY_SECRET_ARN, sessionSecret: e.BROKER_SESSION_SECRET_ARN },
  };
}
