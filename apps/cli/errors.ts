// The CLI's failures as types; the exit code and whether the usage line follows come from the
// type, never from the message: 2 for the caller's input, 1 for the server, network or I/O.
import { ApiError, ApiResponseError, ApiUnreachableError } from '../../lib/api-client';

export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

export abstract class CliError extends Error {
  abstract readonly exitCode: 1 | 2;
  /** Print the command's usage line after the message. */
  readonly showUsage: boolean = false;
}

/** Wrong arguments or settings: exit 2, with the usage line. */
export class UsageError extends CliError {
  readonly exitCode = EXIT_USAGE;
  override readonly showUsage = true;
}

/** Input that was read but is not acceptable (invalid JSON, an invalid book, a refused request body): exit 2. */
export class InputError extends CliError {
  readonly exitCode = EXIT_USAGE;
}

/** The server, the network or the file system failed: exit 1. */
export class FailureError extends CliError {
  readonly exitCode = EXIT_FAILURE;
}

/** API statuses that mean "your input was wrong" (exit 2); any other refusal is a failure (exit 1). */
const INPUT_STATUSES = new Set([400, 413, 415, 422]);

/** The CLI's view of an error, or undefined for errors that are bugs (left to crash loudly). */
export function toCliError(error: unknown): CliError | undefined {
  if (error instanceof CliError) return error;
  if (error instanceof ApiError) return INPUT_STATUSES.has(error.status) ? new InputError(error.message) : new FailureError(error.message);
  if (error instanceof ApiUnreachableError || error instanceof ApiResponseError) return new FailureError(error.message);
  return undefined;
}

/** The same kind of error with context in front of its message. */
export function withContext(error: CliError, prefix: string): CliError {
  const message = `${prefix}: ${error.message}`;
  if (error instanceof UsageError) return new UsageError(message);
  return error.exitCode === EXIT_USAGE ? new InputError(message) : new FailureError(message);
}

/** Node's error code (ENOENT…) when there is one. */
export function errorCode(error: unknown): string | undefined {
  if (!(error instanceof Error) || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
