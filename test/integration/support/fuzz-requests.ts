// fast-check arbitraries of malformed requests for one operation. Each request carries one defect
// that must get it refused (a bad key, a method the path lacks, a path parameter naming nothing,
// a bad query, a bad body or content type) plus random odd decoration elsewhere.
import fc from 'fast-check';
import type { Method, Operation } from './fuzz-operations';
import { BODY_SAMPLES, type BodySample } from './fuzz-samples';
import * as v from './fuzz-values';

export interface FuzzContext { auctionId: string; bidId: string; operatorKey: string; bidderKey: string }
export interface FuzzRequest { defect: string; method: string; url: string; headers: Record<string, string>; body?: string }

type Defect = 'auth' | 'method' | 'path' | 'query' | 'body' | 'content-type' | 'origin';

function defectsOf(op: Operation): Defect[] {
  const defects: Defect[] = [];
  if (op.authenticated) defects.push('auth');
  if (op.otherMethods.length > 0) defects.push('method');
  if (op.pathParams.length > 0) defects.push('path');
  if (op.queryParams.some((q) => q === 'limit' || q === 'cursor') || op.name === 'GET /v1/auctions/{id}/settlement') defects.push('query');
  if (op.html && op.bodyTypes.length > 0) defects.push('content-type', 'origin');
  else if (op.bodyTypes.length > 0) defects.push('body', 'content-type');
  return defects;
}

const validParam = (name: string, ctx: FuzzContext) =>
  ({ id: ctx.auctionId, bidId: ctx.bidId, file: 'swagger-ui.css', name: 'dashboard.css' })[name] ?? 'x';

/** Every path to a node of a JSON value, with the node's kind. */
function nodes(value: unknown, at: (string | number)[] = []): { at: (string | number)[]; kind: string }[] {
  const kind = Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
  const here = at.length > 0 ? [{ at, kind }] : [];
  if (Array.isArray(value)) return [...here, ...value.slice(0, 3).flatMap((item, i) => nodes(item, [...at, i]))];
  if (value && typeof value === 'object') return [...here, ...Object.entries(value).flatMap(([k, item]) => nodes(item, [...at, k]))];
  return here;
}

function setAt(value: unknown, at: (string | number)[], replacement: unknown): unknown {
  if (at.length === 0) return replacement;
  const [head, ...rest] = at;
  if (Array.isArray(value)) return value.map((item, i) => (i === head ? setAt(item, rest, replacement) : item));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, item]) => [k, k === head ? setAt(item, rest, replacement) : item]));
  return value;
}

const REFUSED_BY_KIND: Record<string, readonly unknown[]> = {
  number: v.REFUSED_NUMBERS, string: v.REFUSED_STRINGS, boolean: v.REFUSED_BOOLEANS, array: v.REFUSED_ARRAYS, object: v.REFUSED_OBJECTS,
};
const ODD_BY_KIND: Record<string, readonly unknown[]> = { number: v.ODD_NUMBERS, string: v.ODD_STRINGS };

/** A body the operation's schema refuses: a required field gone, a field of another type or
 * out of range, an unknown field, or text that is not a JSON object at all. */
function refusedBody(samples: readonly BodySample[]): fc.Arbitrary<string> {
  const oddly = (sample: BodySample) => fc.tuple(fc.nat(), fc.nat(), fc.boolean()).map(([where, which, apply]) => {
    const all = nodes(sample.value).filter((n) => ODD_BY_KIND[n.kind]);
    const node = all[where % Math.max(all.length, 1)];
    const odd = node ? ODD_BY_KIND[node.kind]! : [];
    return apply && node && odd.length > 0 ? setAt(sample.value, node.at, odd[which % odd.length]) : sample.value;
  });
  const mutated = fc.constantFrom(...samples).chain((sample) => fc.tuple(oddly(sample), fc.nat(), fc.nat(), fc.nat(3)).map(([base, where, which, how]) => {
    const all = nodes(sample.value).filter((n) => REFUSED_BY_KIND[n.kind]);
    if (how === 0 && sample.required.length > 0) {
      const drop = sample.required[where % sample.required.length]!;
      return v.stringifyWithRaw(Object.fromEntries(Object.entries(base as object).filter(([k]) => k !== drop)));
    }
    if (how === 1 || all.length === 0) {
      const key = v.EXTRA_KEYS[which % v.EXTRA_KEYS.length]!;
      const text = v.stringifyWithRaw(base);
      return `{${JSON.stringify(key)}:${JSON.stringify({ x: 1 })},${text.slice(1)}`;
    }
    const node = all[where % all.length]!;
    const bad = REFUSED_BY_KIND[node.kind]!;
    return v.stringifyWithRaw(setAt(base, node.at, bad[which % bad.length]));
  }));
  return fc.oneof({ weight: 4, arbitrary: mutated }, { weight: 1, arbitrary: fc.constantFrom(...v.REFUSED_JSON_TEXT) });
}

const validBody = (op: Operation): fc.Arbitrary<string | undefined> => {
  const samples = BODY_SAMPLES[op.name];
  if (op.html) return fc.constantFrom('key=sb_test_operator_key_0123456789&csrf=x', 'key=', '', 'csrf=%FF%FE&key=%00', 'a=1&a=2&key=' + 'k'.repeat(5000));
  return samples ? fc.constantFrom(...samples.map((s) => v.stringifyWithRaw(s.value))) : fc.constant(undefined);
};

export function requestArbitrary(op: Operation, ctx: FuzzContext): fc.Arbitrary<FuzzRequest> {
  const defects = defectsOf(op);
  if (defects.length === 0) throw new Error(`no defect applies to ${op.name}`);
  return fc.record({
    defect: fc.constantFrom(...defects),
    role: fc.constantFrom<'operator' | 'bidder'>('operator', 'bidder'),
    authorization: fc.constantFrom(...v.BAD_AUTHORIZATION),
    method: op.otherMethods.length > 0 ? fc.constantFrom<Method>(...op.otherMethods) : fc.constant(op.method),
    segments: fc.array(fc.constantFrom(...v.BAD_SEGMENTS), { minLength: 2, maxLength: 2 }),
    corruptSecond: fc.boolean(),
    query: fc.record({ limit: fc.constantFrom(...v.BAD_LIMITS), cursor: fc.constantFrom(...v.BAD_CURSORS), unknown: fc.constantFrom(...v.UNKNOWN_QUERY), which: fc.nat(2) }),
    oddQuery: fc.option(fc.constantFrom('limit=2', 'bidder=miner-1', 'x=%FF', `pad=${'q'.repeat(4000)}`), { nil: undefined }),
    body: op.bodyTypes.length > 0 && !op.html ? refusedBody(BODY_SAMPLES[op.name] ?? [{ value: {}, required: [] }]) : fc.constant(undefined),
    fitBody: validBody(op),
    contentType: fc.constantFrom(...v.REFUSED_CONTENT_TYPES.filter((t) => !op.bodyTypes.includes((t ?? '').split(';')[0]!))),
    jsonType: fc.constantFrom(...(op.html ? ['application/x-www-form-urlencoded', 'application/x-www-form-urlencoded; charset=utf-8'] : v.JSON_CONTENT_TYPES)),
    idempotency: fc.option(v.idempotencyKey, { nil: undefined }),
    origin: fc.constantFrom<string | null>(null, 'https://evil.example', 'null', 'http://localhost.evil'),
  }).map((r): FuzzRequest => {
    const headers: Record<string, string> = {};
    const defect = r.defect;
    const key = r.role === 'operator' ? ctx.operatorKey : ctx.bidderKey;
    if (defect === 'auth') { if (r.authorization !== null) headers.authorization = r.authorization; } else headers.authorization = `Bearer ${key}`;
    let path = op.path;
    op.pathParams.forEach((name, i) => {
      const bad = defect === 'path' && (i === 0 || r.corruptSecond);
      path = path.replace(`{${name}}`, bad ? r.segments[i % 2]! : encodeURIComponent(validParam(name, ctx)));
    });
    const query: string[] = [];
    if (defect === 'query') {
      const settlement = op.name.endsWith('/settlement');
      query.push(settlement ? r.query.unknown : [`limit=${r.query.limit}`, `cursor=${r.query.cursor}`, r.query.unknown][r.query.which]!);
    }
    if (r.oddQuery) query.push(r.oddQuery);
    let body = r.fitBody;
    let contentType: string | null = body === undefined ? null : r.jsonType;
    if (defect === 'body') body = r.body;
    if (defect === 'content-type') {
      contentType = r.contentType;
      if (contentType?.startsWith('multipart/')) body = v.MULTIPART_BODY;
      else body ??= '{}';
    }
    if (op.html) {
      // A form post needs the dashboard's own origin; without a defect in it, the content type is wrong.
      if (defect === 'origin') { if (r.origin !== null) headers.origin = r.origin; } else headers.origin = 'http://localhost';
    }
    if (contentType !== null && body !== undefined) headers['content-type'] = contentType;
    if (r.idempotency !== undefined) headers['idempotency-key'] = r.idempotency;
    const method = defect === 'method' ? r.method : op.method;
    const sendsBody = method !== 'GET' && body !== undefined;
    return { defect, method, url: `${path}${query.length > 0 ? `?${query.join('&')}` : ''}`, headers, ...(sendsBody ? { body } : {}) };
  });
}
