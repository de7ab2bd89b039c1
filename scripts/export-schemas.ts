// `npm run schemas:export`: writes the JSON Schemas of the book and result files into schemas/.
// test/unit/clearing/schemas-export.test.ts fails when the committed files are stale.
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { BookSchema } from '../schemas/book';
import { ResultSchema } from '../schemas/result';

export const SCHEMA_FILES = {
  'surplus-auction.v1.schema.json': BookSchema,
  'surplus-clearing.v1.schema.json': ResultSchema,
} as const;

export function renderSchemas(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [file, schema] of Object.entries(SCHEMA_FILES)) {
    // io 'input': the shape a file must have (fields with defaults may be omitted).
    const json = z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12' });
    out[file] = `${JSON.stringify(json, null, 2)}\n`;
  }
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const [file, text] of Object.entries(renderSchemas())) {
    const path = fileURLToPath(new URL(`../schemas/${file}`, import.meta.url));
    await writeFile(path, text, 'utf8');
    process.stdout.write(`wrote schemas/${file}\n`);
  }
}
