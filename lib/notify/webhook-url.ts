// Which webhook URLs a bidder may register. The broker POSTs to them from inside its own
// network, so loopback, private, link-local (cloud metadata, the Lambda runtime API on
// 127.0.0.1:9001) and similar targets are refused unless explicitly allowed (local runs and tests).
// Limitation: this checks the URL as written; a public name that resolves to a private address
// (DNS rebinding) is not caught here — the delivering function should run without access to
// anything private (no VPC, or egress through a proxy).
import { isIP } from 'node:net';

export interface WebhookUrlPolicy {
  /** Allow http: and private/loopback hosts (local development and tests only). */
  allowPrivate: boolean;
}

export type WebhookUrlCheck = { ok: true; url: string } | { ok: false; message: string };

export function checkWebhookUrl(raw: string, policy: WebhookUrlPolicy): WebhookUrlCheck {
  let u: URL;
  try { u = new URL(raw); } catch { return { ok: false, message: 'not a URL' }; }
  if (u.username || u.password) return { ok: false, message: 'credentials in the URL are not allowed' };
  if (u.hash) return { ok: false, message: 'a fragment is not allowed' };
  if (policy.allowPrivate) {
    return u.protocol === 'https:' || u.protocol === 'http:' ? { ok: true, url: u.toString() } : { ok: false, message: 'the URL must be http(s)' };
  }
  if (u.protocol !== 'https:') return { ok: false, message: 'the URL must use https' };
  const host = u.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.internal') || host.endsWith('.local')) {
    return { ok: false, message: `host ${host} is not publicly reachable` };
  }
  if (isIP(host) && isPrivateAddress(host)) return { ok: false, message: `address ${host} is private, loopback or reserved` };
  return { ok: true, url: u.toString() };
}

export function isPrivateAddress(ip: string): boolean {
  if (isIP(ip) === 4) {
    const [a, b] = ip.split('.').map(Number) as [number, number, number, number];
    return a === 0 || a === 10 || a === 127 || (a === 100 && b >= 64 && b <= 127) || (a === 169 && b === 254)
      || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 198 && (b === 18 || b === 19)) || a >= 224;
  }
  const v6 = ip.toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(v6);
  if (mapped) return isPrivateAddress(mapped[1]!);
  if (/^::ffff:[0-9a-f]{1,4}:[0-9a-f]{1,4}$/.test(v6)) return true; // IPv4-mapped in hex form: refuse rather than decode
  return v6 === '::' || v6 === '::1' || /^f[cd]/.test(v6) || /^fe[89ab]/.test(v6) || /^ff/.test(v6);
}
