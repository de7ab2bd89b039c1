// The environment, read and validated in ONE place. Everything else receives a typed Config.
import { z } from 'zod';

const EnvSchema = z.object({
  TABLE_NAME: z.string().min(1).default('surplus-broker'),
  DYNAMODB_ENDPOINT: z.url().optional().describe('DynamoDB Local; unset in AWS'),
  AWS_REGION: z.string().min(1).optional(),
  BROKER_BOOTSTRAP_KEY: z.string().min(16, 'use at least 16 characters').optional(),
  LOG_LEVEL: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT']).default('INFO'),
  BROKER_RATE_LIMIT_PER_SECOND: z.coerce.number().positive().default(50),
  BROKER_RATE_LIMIT_BURST: z.coerce.number().int().positive().default(100),
});

export interface Config {
  tableName: string;
  dynamodb: { endpoint?: string | undefined; region?: string | undefined };
  bootstrapKey?: string | undefined;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  rateLimit: { perSecond: number; burst: number };
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
    rateLimit: { perSecond: e.BROKER_RATE_LIMIT_PER_SECOND, burst: e.BROKER_RATE_LIMIT_BURST },
  };
}
