// Book validation: the zod schema, then the cross-field rules zod cannot express (ranges within
// the intervals, windows that fit, unique ids), each reported with its field path and why. The
// cross-field rules also run when the schema fails, on whatever parts are well-typed, so one
// pass lists every problem.
import type { z } from 'zod';
import { BookSchema, type Book } from '../../schemas/book';
import { formatPath } from '../kernel/field-path';
import { bookStepPrice, indexedPrice } from './indexed-price';

export interface BookIssue { path: string; message: string }
export type BookValidation = { ok: true; book: Book } | { ok: false; issues: BookIssue[] };

type Issue = z.core.$ZodIssue;

function describe(issue: Issue): string {
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'array') return `must have at least ${String(issue.minimum)} item(s)`;
      if (issue.origin === 'string') return `must not be shorter than ${String(issue.minimum)} character(s)`;
      return `must be ${issue.inclusive ? '≥' : '>'} ${String(issue.minimum)}`;
    case 'too_big':
      if (issue.origin === 'array') return `must have at most ${String(issue.maximum)} item(s)`;
      if (issue.origin === 'string') return `must not be longer than ${String(issue.maximum)} character(s)`;
      return `must be ${issue.inclusive ? '≤' : '<'} ${String(issue.maximum)}`;
    case 'invalid_type':
      if (issue.message.endsWith('received undefined')) return 'is required';
      return issue.expected === 'number' ? 'must be a finite number' : `must be ${issue.expected === 'int' ? 'an integer' : `of type ${issue.expected}`}`;
    case 'unrecognized_keys':
      return `unknown field(s): ${issue.keys.join(', ')}`;
    default:
      return issue.message;
  }
}

const isInt = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x);

/** Cross-field rules on the raw input; fields of the wrong type are left to the schema. */
function crossFieldIssues(input: unknown): BookIssue[] {
  const issues: BookIssue[] = [];
  if (typeof input !== 'object' || input === null) return issues;
  const { intervals, bids } = input as { intervals?: unknown; bids?: unknown };
  if (!Array.isArray(bids)) return issues;
  const n = Array.isArray(intervals) ? intervals.length : undefined;
  const seen = new Map<string, number>();
  if (Array.isArray(intervals)) intervals.forEach((raw: unknown, t) => {
    if (typeof raw !== 'object' || raw === null) return;
    const { surplusMw, firmMw } = raw as Record<string, unknown>;
    if (typeof surplusMw === 'number' && typeof firmMw === 'number' && firmMw > surplusMw) {
      issues.push({ path: `intervals[${t}].firmMw`, message: `${firmMw} > surplusMw = ${surplusMw}` });
    }
  });
  bids.forEach((raw: unknown, i) => {
    if (typeof raw !== 'object' || raw === null) return;
    const bid = raw as Record<string, unknown>;
    const at = `bids[${i}]`;
    if (typeof bid.id === 'string') {
      const first = seen.get(bid.id);
      if (first !== undefined) issues.push({ path: `${at}.id`, message: `duplicate bid id "${bid.id}" (also bids[${first}])` });
      else seen.set(bid.id, i);
    }
    if (bid.type === 'curve') {
      const { from, to } = bid;
      if (n !== undefined && isInt(from) && from >= n) issues.push({ path: `${at}.from`, message: `${from} ≥ intervals = ${n}` });
      if (n !== undefined && isInt(to) && to > n) issues.push({ path: `${at}.to`, message: `${to} > intervals = ${n}` });
      if (isInt(from) && isInt(to) && from >= to) issues.push({ path: `${at}.to`, message: `${to} ≤ from = ${from}` });
    } else if (bid.type === 'block') {
      const { duration, earliestStart, latestStart } = bid;
      if (n !== undefined && isInt(duration) && duration > n) issues.push({ path: `${at}.duration`, message: `${duration} > intervals = ${n}` });
      if (n !== undefined && isInt(duration) && isInt(latestStart) && duration <= n && latestStart > n - duration) {
        issues.push({ path: `${at}.latestStart`, message: `${latestStart} > intervals − duration = ${n - duration}` });
      }
      if (isInt(earliestStart) && isInt(latestStart) && earliestStart > latestStart) {
        issues.push({ path: `${at}.earliestStart`, message: `${earliestStart} > latestStart = ${latestStart}` });
      }
      const { mw, profile } = bid;
      if (mw === undefined && profile === undefined) issues.push({ path: `${at}.mw`, message: 'is required (or give profile)' });
      if (mw !== undefined && profile !== undefined) issues.push({ path: `${at}.profile`, message: 'give mw or profile, not both' });
      if (Array.isArray(profile) && isInt(duration) && profile.length !== duration) {
        issues.push({ path: `${at}.profile`, message: `has ${profile.length} entries, duration = ${duration}` });
      }
    }
  });
  issues.push(...linkIssues(bids));
  return issues;
}

/** A child names a block of its own bidder that is not itself a child (one level, so no cycles). */
function linkIssues(bids: unknown[]): BookIssue[] {
  const issues: BookIssue[] = [];
  const blocks = new Map<string, Record<string, unknown>>();
  for (const raw of bids) {
    if (typeof raw !== 'object' || raw === null) continue;
    const bid = raw as Record<string, unknown>;
    if (typeof bid.id === 'string' && !blocks.has(bid.id)) blocks.set(bid.id, bid);
  }
  bids.forEach((raw: unknown, i) => {
    if (typeof raw !== 'object' || raw === null) return;
    const bid = raw as Record<string, unknown>;
    if (typeof bid.parentId !== 'string') return;
    const at = `bids[${i}].parentId`;
    const parent = blocks.get(bid.parentId);
    if (bid.parentId === bid.id) issues.push({ path: at, message: 'a block cannot be its own parent' });
    else if (!parent) issues.push({ path: at, message: `no bid "${bid.parentId}" in the book` });
    else if (parent.type !== 'block') issues.push({ path: at, message: `"${bid.parentId}" is not a block bid` });
    else if (parent.bidder !== bid.bidder) issues.push({ path: at, message: `"${bid.parentId}" belongs to another bidder` });
    else if (typeof parent.parentId === 'string') issues.push({ path: at, message: `"${bid.parentId}" is itself a linked block (one level of nesting)` });
  });
  return issues;
}

/** An indexed step's `price` is derived: it must be what the book's `indices` give (a replay checks it). */
function indexedPriceIssues(book: Book): BookIssue[] {
  const issues: BookIssue[] = [];
  book.bids.forEach((bid, i) => {
    if (bid.type !== 'curve') return;
    bid.steps.forEach((step, k) => {
      if (!step.index) return;
      const expected = bookStepPrice(step, book.indices);
      if (step.price !== expected) {
        const why = indexedPrice(step.index, book.indices) === undefined ? `the book has no ${step.index.name} value` : `share × ${step.index.name} / (0.024 × jPerTh)`;
        issues.push({ path: `bids[${i}].steps[${k}].price`, message: `must be ${expected} (${why})` });
      }
    });
  });
  return issues;
}

export function validateBook(input: unknown): BookValidation {
  const parsed = BookSchema.safeParse(input);
  const issues: BookIssue[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => ({ path: formatPath(issue.path) || '(root)', message: describe(issue) }));
  issues.push(...crossFieldIssues(input));
  if (parsed.success) issues.push(...indexedPriceIssues(parsed.data));
  if (issues.length > 0 || !parsed.success) return { ok: false, issues };
  return { ok: true, book: parsed.data };
}
