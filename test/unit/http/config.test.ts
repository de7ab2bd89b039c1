import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../lib/config';
import { loadLocalRunOptions } from '../../../apps/local/options';

describe('config', () => {
  it('reads the agreed env names with defaults; empty strings count as unset', () => {
    const config = loadConfig({ TABLE_NAME: 't', DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000', AWS_REGION: '', BROKER_BOOTSTRAP_KEY: '' });
    expect(config).toMatchObject({ tableName: 't', dynamodb: { endpoint: 'http://127.0.0.1:8000', region: undefined }, bootstrapKey: undefined, logLevel: 'INFO', rateLimit: { perSecond: 50, burst: 100 } });
  });
  it('fails with every bad variable named', () => {
    expect(() => loadConfig({ DYNAMODB_ENDPOINT: 'not a url', BROKER_BOOTSTRAP_KEY: 'short', BROKER_RATE_LIMIT_BURST: '-1' })).toThrow(/DYNAMODB_ENDPOINT.*BROKER_BOOTSTRAP_KEY.*BROKER_RATE_LIMIT_BURST/);
  });
  it('npm start flags win over PORT / BROKER_DB_PATH', () => {
    expect(loadLocalRunOptions([], { PORT: '4000', BROKER_DB_PATH: '/tmp/x' })).toEqual({ port: 4000, dbPath: '/tmp/x', demo: false, help: false });
    expect(loadLocalRunOptions(['--port', '5000', '--db-path=/d', '--demo'], { PORT: '4000' })).toEqual({ port: 5000, dbPath: '/d', demo: true, help: false });
    expect(() => loadLocalRunOptions(['--bogus'])).toThrow(/unknown option/);
    expect(() => loadLocalRunOptions(['--port', 'x'])).toThrow(/port/);
  });
});
