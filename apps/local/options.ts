// `npm start` flags, validated: the local runtime's own settings (the broker's are lib/config.ts).
import { z } from 'zod';

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
