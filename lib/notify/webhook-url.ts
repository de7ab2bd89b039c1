// Which webhook URLs a bidder may register, and which addresses a delivery may connect to. The
// broker POSTs from inside its own network, so only GLOBAL UNICAST addresses are allowed — an
// allow-list, not a deny-list, so every notation of loopback, private, link-local (cloud
// metadata, the Lambda runtime API on 127.0.0.1:9001), NAT64, 6to4 and reserved space is refused.
// Names are checked again at delivery time, on the address actually connected to
// (lib/notify/guarded-fetch.ts), so DNS rebinding cannot slip through. Local runs and tests allow
// private targets explicitly.
import { isIP } from 'node:net';

export interface WebhookUrlPolicy {
  /** Allow http: and private/loopback hosts (local development and tests only). */
  allowPrivate: boolean;
}

export type WebhookUrlCheck = { ok: true; url: string } | { ok: false; message: string };

const LOCAL_SUFFIXES = ['.localhost', '.internal', '.local', '.localdomain', '.home.arpa', '.lan'];

export function checkWebhookUrl(raw: string, policy: WebhookUrlPolicy): WebhookUrlCheck {
  let u: URL;
  try { u = new URL(raw); } catch { return { ok: false, message: 'not a URL' }; }
  if (u.username || u.password) return { ok: false, message: 'credentials in the URL are not allowed' };
  if (u.hash) return { ok: false, message: 'a fragment is not allowed' };
  if (policy.allowPrivate) {
    return u.protocol === 'https:' || u.protocol === 'http:' ? { ok: true, url: u.toString() } : { ok: false, message: 'the URL must be http(s)' };
  }
  if (u.protocol !== 'https:') return { ok: false, message: 'the URL must use https' };
  // `localhost.` and `localhost` are the same name; so are `a.internal.` and `a.internal`.
  const host = u.hostname.replace(/^\[|\]$/g, '').toLowerCase().replace(/\.+$/, '');
  if (host === 'localhost' || !host.includes('.') && isIP(host) === 0 || LOCAL_SUFFIXES.some((s) => host.endsWith(s))) {
    return { ok: false, message: `host ${host} is not publicly reachable` };
  }
  if (isIP(host) && !isGlobalUnicast(host)) return { ok: false, message: `address ${host} is not a public unicast address` };
  return { ok: true, url: u.toString() };
}

/** IPv4 special-purpose blocks (IANA registry): none of them is a public webhook receiver. */
const V4_SPECIAL: readonly [number, number][] = [
  [0x00000000, 8], [0x0a000000, 8], [0x64400000, 10], [0x7f000000, 8], [0xa9fe0000, 16], [0xac100000, 12],
  [0xc0000000, 24], [0xc0000200, 24], [0xc0586300, 24], [0xc0a80000, 16], [0xc6120000, 15], [0xc6336400, 24],
  [0xcb007100, 24], [0xe0000000, 4], [0xf0000000, 4],
];

function v4ToInt(ip: string): number {
  return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

function inBlock(value: number, [base, bits]: [number, number]): boolean {
  const size = 2 ** (32 - bits);
  return value >= base && value < base + size;
}

/** 8 hextets of an IPv6 address (an embedded dotted IPv4 tail included). */
function v6Hextets(ip: string): number[] {
  let text = ip.toLowerCase().replace(/%.*$/, '');
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const v = v4ToInt(dotted[1]!);
    text = `${text.slice(0, -dotted[1]!.length)}${(v >>> 16).toString(16)}:${(v & 0xffff).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const parse = (s: string) => (s === '' ? [] : s.split(':').map((h) => parseInt(h, 16)));
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}

export function isGlobalUnicast(ip: string): boolean {
  if (isIP(ip) === 4) {
    const v = v4ToInt(ip);
    return !V4_SPECIAL.some((block) => inBlock(v, block));
  }
  if (isIP(ip) !== 6) return false;
  const h = v6Hextets(ip);
  const [h0 = 0, h1 = 0] = h;
  // Global unicast is 2000::/3; everything else (::/8 incl. v4-mapped/compatible, 64:ff9b::/96
  // NAT64, fc00::/7, fe80::/10, fec0::/10, ff00::/8) is refused.
  if ((h0 & 0xe000) !== 0x2000) return false;
  if (h0 === 0x2002) return false; // 6to4: wraps an IPv4 address, possibly a private one
  if (h0 === 0x2001 && h1 < 0x0200) return false; // 2001::/23 IETF protocol assignments (Teredo, ORCHID, …)
  if (h0 === 0x2001 && h1 === 0x0db8) return false; // documentation
  if (h0 === 0x3fff && h1 < 0x1000) return false; // documentation (3fff::/20)
  return true;
}
