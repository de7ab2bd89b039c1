// Reading the files an API command sends (forecasts, bids): unreadable or non-JSON input is a usage error.
import { errorCode, errorText, UsageError } from './errors';
import type { CliIo } from './io';

export async function readInput(io: CliIo, file: string): Promise<string> {
  try {
    return await io.readFile(file);
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${errorCode(error) ?? errorText(error)}`);
  }
}

export function parseJsonInput(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file} is not valid JSON: ${errorText(error)}`);
  }
}
