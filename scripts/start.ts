// `npm start`: the whole broker on this machine — DynamoDB Local (in memory unless --db-path /
// BROKER_DB_PATH), the table, the bootstrap operator key, and the API on 127.0.0.1:3000
// (--port / PORT). Ctrl-C (SIGINT) or SIGTERM stops the server, background tasks and java.
import { serve } from '@hono/node-server';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { loadConfig, loadLocalRunOptions, type Config } from '../lib/config';
import { createRuntime } from '../lib/http/runtime';
import { ensureTable } from '../lib/store/create-table';
import { generateKey } from '../lib/market/keys';
import { LOCAL_AWS_ENV, startDynamoDbLocal } from './dynamodb-local';
import { fillDemo } from './demo-fill';
import { backgroundTasks } from './background-tasks';


const HELP = `npm start [-- --port N] [-- --db-path DIR] [-- --demo]
  --port N        listen on 127.0.0.1:N (default 3000, or PORT)
  --db-path DIR   keep DynamoDB Local's data in DIR (default: in memory, or BROKER_DB_PATH)
  --demo          fill a demo day: a 2,000 MW auction, 12 miners, 5 AI tenants
  BROKER_BOOTSTRAP_KEY  the operator key to seed (default: a new one, printed once)`;

async function main(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const options = loadLocalRunOptions(process.argv.slice(2));
  if (options.help) { console.log(HELP); return; }

  const ddb = await startDynamoDbLocal({ dbPath: options.dbPath ?? null });
  const stops: (() => Promise<void>)[] = [() => ddb.stop()];
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    for (const stop of stops.reverse()) await stop().catch((error: unknown) => console.error(error));
    process.exit(code);
  };
  process.once('SIGINT', () => { void shutdown(0); });
  process.once('SIGTERM', () => { void shutdown(0); });

  try {
    const base = loadConfig({ ...process.env, ...LOCAL_AWS_ENV, DYNAMODB_ENDPOINT: ddb.endpoint });
    const generated = base.bootstrapKey ? undefined : generateKey();
    const config: Config = generated ? { ...base, bootstrapKey: generated } : base;
    Object.assign(process.env, LOCAL_AWS_ENV);
    const raw = new DynamoDBClient({ endpoint: ddb.endpoint, region: LOCAL_AWS_ENV.AWS_REGION });
    await ensureTable(raw, config.tableName);
    raw.destroy();
    const runtime = createRuntime(config);
    await runtime.seed();

    const server = serve({ fetch: runtime.app.fetch, hostname: '127.0.0.1', port: options.port });
    await new Promise<void>((ok, fail) => { server.once('listening', ok); server.once('error', fail); });
    stops.push(() => new Promise<void>((ok) => { server.close(() => ok()); (server as { closeAllConnections?: () => void }).closeAllConnections?.(); }));
    for (const task of backgroundTasks) {
      const handle = task.start({ config, runtime });
      stops.push(() => handle.stop());
      console.log(`Background           ${task.name} started`);
    }
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : options.port;
    const url = `http://127.0.0.1:${port}`;
    console.log(`Surplus Broker API   ${url}`);
    console.log(`API docs             ${url}/docs   (OpenAPI: ${url}/openapi.json)`);
    console.log(`DynamoDB Local       ${ddb.endpoint}   table ${config.tableName}, ${options.dbPath ? `data in ${options.dbPath}` : 'in memory'}`);
    console.log(generated
      ? `Operator key         ${generated}   (generated now and shown once; set BROKER_BOOTSTRAP_KEY to choose one)`
      : 'Operator key         from BROKER_BOOTSTRAP_KEY');
    if (options.demo) {
      const demo = await fillDemo(url, config.bootstrapKey!);
      console.log(`Demo                 auction ${demo.auctionId}: forecast uploaded, ${demo.bids} bids from ${Object.keys(demo.keys).length} bidders`);
      console.log(`                     e.g. curl -H "Authorization: Bearer ${demo.keys['miner-01']}" ${url}/v1/auctions/${demo.auctionId}/bids`);
    }
    console.log('Ctrl-C stops the API and DynamoDB Local.');
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    await shutdown(1);
  }
}

await main();
