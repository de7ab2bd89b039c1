import { describe, expect, it } from 'vitest';
import { checkWebhookUrl } from '../../../lib/notify/webhook-url';

const strict = { allowPrivate: false };

describe('checkWebhookUrl', () => {
  it('accepts public https URLs', () => {
    expect(checkWebhookUrl('https://hooks.miner-7.example/broker?x=1', strict)).toEqual({ ok: true, url: 'https://hooks.miner-7.example/broker?x=1' });
    expect(checkWebhookUrl('https://8.8.8.8/hook', strict).ok).toBe(true);
    expect(checkWebhookUrl('https://[2a00:1450:4001:80b::200e]/hook', strict).ok).toBe(true);
    expect(checkWebhookUrl('https://hooks.example./x', strict).ok).toBe(true);
  });
  it.each([
    'http://hooks.example/x', 'ftp://hooks.example/x', 'not a url', 'https://user:pw@hooks.example/',
    'https://localhost/x', 'https://127.0.0.1:9001/2018-06-01/runtime/invocation/next', 'https://169.254.169.254/latest/meta-data',
    'https://10.1.2.3/', 'https://172.20.0.1/', 'https://192.168.1.1/', 'https://100.64.0.1/', 'https://0.0.0.0/',
    'https://[::1]/', 'https://[fd00::1]/', 'https://[fe80::1]/', 'https://[::ffff:127.0.0.1]/', 'https://metadata.google.internal/',
    // Found by the red team (issue 13): every notation of a non-public address.
    'https://localhost./', 'https://metadata.google.internal./', 'https://[::7f00:1]/', 'https://[64:ff9b::a9fe:a9fe]/',
    'https://[2002:a9fe:a9fe::]/', 'https://[fec0::1]/', 'https://192.0.0.192/', 'https://0x7f.1/', 'https://2130706433/',
    'https://[::ffff:7f00:1]/', 'https://[2001:db8::1]/', 'https://198.51.100.7/', 'https://255.255.255.255/', 'https://intranet/',
  ])('refuses %s', (url) => {
    expect(checkWebhookUrl(url, strict).ok).toBe(false);
  });
  it('allows http and loopback when the policy says so (local runs)', () => {
    expect(checkWebhookUrl('http://127.0.0.1:4567/hook', { allowPrivate: true }).ok).toBe(true);
    expect(checkWebhookUrl('file:///etc/passwd', { allowPrivate: true }).ok).toBe(false);
  });
});
