// The production webhook transport: an HTTPS POST that resolves the receiver's name itself and
// connects only when EVERY address the name resolves to is global unicast — to the address it
// checked (node's `lookup` hook), so a DNS answer that changes between check and connect (DNS
// rebinding) cannot reach a private address. IP literals are checked the same way.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { FetchLike } from './deliver';
import { isGlobalUnicast } from './webhook-url';

export class PrivateAddressError extends Error {
  override readonly name = 'PrivateAddressError';
  readonly code = 'EPRIVATE';
  constructor(host: string, address: string) { super(`${host} resolves to ${address}, which is not a public address`); }
}

const publicLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, found: LookupAddress[]) => {
    if (error) return callback(error, '', 0);
    const refused = found.find((a) => !isGlobalUnicast(a.address));
    if (refused !== undefined || found.length === 0) return callback(new PrivateAddressError(hostname, refused?.address ?? 'nothing'), '', 0);
    // net.connect asks for all addresses when it races IPv4 and IPv6 (autoSelectFamily).
    if (options.all) return callback(null, found);
    const [first] = found;
    return callback(null, first?.address ?? '', first?.family);
  });
};

export const publicOnlyFetch: FetchLike = (url, init) => new Promise((resolve, reject) => {
  const target = new URL(url);
  const host = target.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) && !isGlobalUnicast(host)) { reject(new PrivateAddressError(host, host)); return; }
  const req = request(target, { method: init.method, headers: init.headers, signal: init.signal, lookup: publicLookup }, (res) => {
    res.resume();
    resolve({ status: res.statusCode ?? 0, body: null });
  });
  req.once('error', reject);
  req.end(init.body);
});
