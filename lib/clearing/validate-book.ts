// Book validation: the zod schema, then the cross-field rules zod cannot express, each reported
// with the offending field path and why.
import { BookSchema, type Book } from '../../schemas/book';

export interface BookIssue { path: string; message: string }
export type BookValidation = { ok: true; book: Book } | { ok: false; issues: BookIssue[] };

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(root)' : out;
}

export function validateBook(input: unknown): BookValidation {
  const parsed = BookSchema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message })),
    };
  }
  const book = parsed.data;
  const issues: BookIssue[] = [];
  const n = book.intervals.length;
  const seen = new Map<string, number>();
  book.bids.forEach((bid, i) => {
    const at = `bids[${i}]`;
    const first = seen.get(bid.id);
    if (first !== undefined) issues.push({ path: `${at}.id`, message: `duplicate bid id "${bid.id}" (also bids[${first}])` });
    else seen.set(bid.id, i);
    if (bid.type === 'curve') {
      if (bid.from >= n) issues.push({ path: `${at}.from`, message: `${bid.from} ≥ intervals = ${n}` });
      if (bid.to > n) issues.push({ path: `${at}.to`, message: `${bid.to} > intervals = ${n}` });
      if (bid.from >= bid.to) issues.push({ path: `${at}.to`, message: `${bid.to} ≤ from = ${bid.from}` });
    } else {
      if (bid.duration > n) issues.push({ path: `${at}.duration`, message: `${bid.duration} > intervals = ${n}` });
      const last = n - bid.duration;
      if (bid.latestStart > last) issues.push({ path: `${at}.latestStart`, message: `${bid.latestStart} > intervals − duration = ${last}` });
      if (bid.earliestStart > bid.latestStart) issues.push({ path: `${at}.earliestStart`, message: `${bid.earliestStart} > latestStart = ${bid.latestStart}` });
    }
  });
  return issues.length > 0 ? { ok: false, issues } : { ok: true, book };
}
