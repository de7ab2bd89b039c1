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
  BROKER_SESSION_SECRET: z.string().min(32, 'use at least 32 characters').optional().describe('Seals dashboard session cookies; the same on every instance'),
});

export interface Config {
  tableName: string;
  dynamodb: { endpoint?: string | undefined; region?: string | undefined };
  bootstrapKey?: string | undefined;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  rateLimit: { perSecond: number; burst: number };
  sessionSecret?: string | undefined;
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
    sessionSecret: e.BROKER_SESSION_SECRET,
  };
}

const LocalRunSchema = z.object({
  port: z.coerce.number().int().min(0).max(65_535).default(3000),
  dbPath: z.string().min(1).optional(),
  demo: z.boolean().default(false),
  help: z.boolean().default(false),
});
export type LocalRunOptions = z.infer<typeof LocalRunSchema>;

/** `npm start` flags (`--port N`, `--db-path DIR`, `--demo`), falling back to PORT and BROKER_DB_PATH. */
export function loadLocalRunOptions(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): LocalRunOptions {
  const raw: Record<string, unknown> = { port: env.PORT || undefined, dbPath: env.BROKER_DB_PATH || undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.split('=', 2) as [string, string | undefined];
    const value = () => inline ?? argv[++i];
    if (flag === '--port') raw.port = value();
    else if (flag === '--db-path') raw.dbPath = value();
    else if (flag === '--demo') raw.demo = true;
    else if (flag === '--help' || flag === '-h') raw.help = true;
    else throw new Error(`unknown option ${arg} (try --help)`);
  }
  const parsed = LocalRunSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`invalid options: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}
