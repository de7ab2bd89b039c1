// The bad values the fuzz suite draws from. "Refused" values make a request invalid wherever they
// go; "odd" values are only decoration (a request carrying them is also wrong in a refused way).
import fc from 'fast-check';

/** JSON text spliced verbatim into a body (numbers JSON.stringify cannot write). */
export const raw = (text: string) => `\u0000RAW:${text}\u0000`;
export const stringifyWithRaw = (value: unknown): string =>
  JSON.stringify(value).replace(/"\\u0000RAW:((?:[^"\\]|\\.)*?)\\u0000"/g, (_m, text: string) => JSON.parse(`"${text}"`) as string);

const deep = (depth: number) => raw(`${'['.repeat(depth)}${']'.repeat(depth)}`);
const deepObject = (depth: number) => raw(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);

/** Not representable, out of every range, or of another JSON type than a number. */
export const REFUSED_NUMBERS = [raw('1e-131'), raw('1e-200'), raw('-1e-131'), raw('1e126'), raw('-1e126'), raw('1e309'), raw('-1e309'), raw('NaN'), raw('Infinity'), raw('-Infinity'), '12', true, null, {}, [], deep(2000)];
export const ODD_NUMBERS = [raw('-0'), raw('9007199254740993'), raw('0.1'), raw('1e-130'), raw('1e125'), raw('5e-324'), raw('1.7976931348623157e308'), 0, -1];
export const REFUSED_STRINGS = [42, raw('1e309'), true, null, {}, [], deep(3000), deepObject(500)];
export const ODD_STRINGS = ['', ' ', '__proto__', 'constructor', 'x'.repeat(100_000), 'ünïcödé 😀', '\u202e\u0000', '../../etc/passwd', '2026-02-30T25:61:00Z'];
export const REFUSED_BOOLEANS = ['true', 1, null, {}, []];
export const REFUSED_ARRAYS = [{}, 'x', 1, null, true, deepObject(300)];
export const REFUSED_OBJECTS = [[], 'x', 1, null, true, deep(300)];
export const EXTRA_KEYS = ['__proto__', 'constructor', 'prototype', 'zzz', '', 'toString', 'id', 'bidder'];

/** Whole bodies no JSON operation accepts. */
export const REFUSED_JSON_TEXT = [
  '', ' ', 'null', '[]', '[1,2,3]', '"str"', '42', 'true', '{', '{"a":', '{"a":1,}', "{'a':1}", '{"a":NaN}', '{"a":Infinity}',
  '{"a":1e309}', '\u0000', '{"a":"\ud800"}', `${'['.repeat(100_000)}${']'.repeat(100_000)}`, `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`,
  '{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"x":1}}}', 'x'.repeat(1024 * 1024 + 10),
];

/** Content types no JSON operation accepts (with a body that fits them, where there is one). */
export const REFUSED_CONTENT_TYPES: readonly (string | null)[] = [
  'text/plain', 'text/plain; charset=utf-8', 'multipart/form-data; boundary=fuzz', 'application/x-www-form-urlencoded', 'application/xml',
  'text/csv', 'application/jsonx', 'json', 'application/octet-stream', '*/*', '', null,
];
export const JSON_CONTENT_TYPES = ['application/json', 'application/json; charset=utf-8', 'application/json;charset=UTF-8', 'APPLICATION/JSON', 'application/json; charset=latin1', 'application/json; charset="utf-16"', 'application/json; boundary=x'];
export const MULTIPART_BODY = '--fuzz\r\nContent-Disposition: form-data; name="type"\r\n\r\ncurve\r\n--fuzz--\r\n';

/** Path segments that name nothing: refused as malformed, not found, or a route that is not there. */
export const BAD_SEGMENTS = [
  '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '..', '.', '%2e%2e', 'x'.repeat(5000), 'b'.repeat(300),
  encodeURIComponent('ünïcödé'), encodeURIComponent('😀'), '%00', '%2F', '%FF', '%E2%80%AE', 'a%20b', '%27%3B%20DROP%20TABLE', '%3Cscript%3E',
  'auc_99999999', 'bid_99999999', 'AUCTION%23x', '-', '0', '%25', '%', '%zz',
];

/** Authorization headers that carry no valid key (absent included). */
export const BAD_AUTHORIZATION: readonly (string | null)[] = [
  null, '', 'Bearer', 'Bearer ', 'Bearer nope_unknown_key_000000000000', 'bearer sb_test_operator_key_0123456789', 'Basic dXNlcjpwYXNz',
  `Bearer ${'k'.repeat(600)}`, 'Bearer  sb_test_operator_key_0123456789', 'Bearer sb_test_operator_key_0123456789 extra', 'Bearer \u00e9t\u00e9', 'Token abc',
];

/** Idempotency-Key values the middleware refuses (odd) and ones it takes. */
export const BAD_IDEMPOTENCY_KEYS = ['', 'x'.repeat(256), 'a b', '\u00e9', 'tab\there'];
export const idempotencyKey = fc.oneof(fc.constantFrom(...BAD_IDEMPOTENCY_KEYS), fc.nat(10_000).map((n) => `fuzz-${n}`));

/** Query values that a page query refuses. */
export const BAD_LIMITS = ['abc', '0', '-1', '1001', '1e3', '1.5', 'NaN', 'Infinity', '0x10', '1e1', '%2016', '+5', '%00', '99999999999999999999', '%20'];
export const BAD_CURSORS = [
  'x', '!!!', '====', 'x'.repeat(3000), Buffer.from('{"k":{"gsi1pk":"AUCTIONS"}}').toString('base64url'),
  Buffer.from('{"s":0,"k":{"pk":"AUCTION#auc_00000001#BIDS#00"}}').toString('base64url'), Buffer.from('{"k":{"pk":"EVENTS#miner-1","sk":""}}').toString('base64url'),
  Buffer.from('{"s":-1}').toString('base64url'), Buffer.from('[]').toString('base64url'), Buffer.from('{"k":{"__proto__":"x"}}').toString('base64url'),
];
export const UNKNOWN_QUERY = ['colour=red', '__proto__=1', 'constructor=x', 'limit[]=1', 'toString=1'];
