// zod issues → field errors with paths like `steps[0].mw` (RFC 9457 `errors` entries).
import type { z } from 'zod';
import type { FieldError } from './errors';
import { formatPath } from '../kernel/field-path';

export function zodFieldErrors(issues: readonly z.core.$ZodIssue[]): FieldError[] {
  const errors: FieldError[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) errors.push({ path: formatPath([...issue.path, key]), message: 'unknown field' });
    } else {
      errors.push({ path: formatPath(issue.path), message: issue.message });
    }
  }
  return errors;
}
