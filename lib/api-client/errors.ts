// What a call to the broker's API can fail with, as types: the caller decides what each means
// (the CLI maps them to exit codes, the dashboard to pages) without reading message text.
import { ProblemSchema, type Problem } from '../../schemas/api/common';

/** The API answered non-2xx; `problem` is its RFC 9457 body when the body is one. */
export class ApiError extends Error {
  readonly problem: Problem | undefined;

  constructor(readonly status: number, readonly statusText: string, body: unknown) {
    const parsed = ProblemSchema.safeParse(body);
    const problem = parsed.success ? parsed.data : undefined;
    super(problemMessage(status, statusText, problem));
    this.name = 'ApiError';
    this.problem = problem;
  }

  /** One line for people: the problem's detail, else its title, else the status text. */
  get detail(): string {
    return this.problem?.detail ?? this.problem?.title ?? this.statusText;
  }
}

/** The request never got an answer (connection refused, DNS, a forbidden port…). */
export class ApiUnreachableError extends Error {
  constructor(readonly baseUrl: string, readonly reason: string) {
    super(`cannot reach the broker at ${baseUrl}: ${reason}`);
    this.name = 'ApiUnreachableError';
  }
}

/** A 2xx answer whose body is not the JSON the API's schema describes. */
export class ApiResponseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ApiResponseError';
  }
}

/** `Title (HTTP 422): detail` and one indented line per field error; `HTTP 502 Bad Gateway` without a problem body. */
export function problemMessage(status: number, statusText: string, problem: Problem | undefined): string {
  if (!problem) return `HTTP ${status} ${statusText}`.trim();
  const lines = [`${problem.title} (HTTP ${status})${problem.detail ? `: ${problem.detail}` : ''}`];
  for (const error of problem.errors ?? []) lines.push(`  ${error.path || '(body)'}: ${error.message}`);
  return lines.join('\n');
}
