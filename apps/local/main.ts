// `npm start`: the whole broker on this machine (apps/local/compose.ts) — DynamoDB Local, the
// table, the bootstrap operator key, the API on 127.0.0.1:3000 (--port / PORT) and the scheduler
// loop. Ctrl-C (SIGINT) or SIGTERM stops the server, the loop and java.
import { loadLocalRunOptions } from './options';
import { startLocalBroker } from './compose';
import { LOCAL_TICK_MS } from './scheduler-loop';
import { fillDemo } from './demo-fill';
import { clearAndCurtailDemo } from './demo-clear';

const HELP = `npm start [-- --port N] [-- --db-path DIR] [-- --demo]
  --port N        listen on 127.0.0.1:N (default 3000, or PORT)
  --db-path DIR   keep DynamoDB Local's data in DIR (default: in memory, or BROKER_DB_PATH)
  --demo          a demo day: a 2,000 MW auction, 12 miners, 5 AI tenants; cleared now, then curtailed once
  BROKER_BOOTSTRAP_KEY  the operator key to seed (default: a new one, printed once)`;

async function main(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const options = loadLocalRunOptions(process.argv.slice(2));
  if (options.help) { console.log(HELP); return; }

  let broker: Awaited<ReturnType<typeof startLocalBroker>> | undefined;
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await broker?.stop();
    process.exit(code);
  };
  process.once('SIGINT', () => { void shutdown(0); });
  process.once('SIGTERM', () => { void shutdown(0); });

  try {
    broker = await startLocalBroker(options);
    const { url, config, generatedKey } = broker;
    console.log(`Background           lifecycle scheduler (clear due auctions, advance states, deliver notices every ${LOCAL_TICK_MS / 1000} s) started`);
    console.log(`Surplus Broker API   ${url}`);
    console.log(`API docs             ${url}/docs   (OpenAPI: ${url}/openapi.json)`);
    console.log(`DynamoDB Local       ${broker.dynamodbEndpoint}   table ${config.tableName}, ${options.dbPath ? `data in ${options.dbPath}` : 'in memory'}`);
    console.log(generatedKey
      ? `Operator key         ${generatedKey}   (generated now and shown once; set BROKER_BOOTSTRAP_KEY to choose one)`
      : 'Operator key         from BROKER_BOOTSTRAP_KEY');
    console.log(`Dashboard            ${url}/dashboard   (sign in with the operator key)`);
    if (options.demo && config.bootstrapKey) {
      const demo = await fillDemo(url, config.bootstrapKey);
      console.log(`Demo                 auction ${demo.auctionId}: forecast uploaded, ${demo.bids} bids from ${Object.keys(demo.keys).length} bidders`);
      const cleared = await clearAndCurtailDemo(url, config.bootstrapKey, demo.auctionId);
      console.log(`                     gate closed now, ${cleared.status} in ${(cleared.waitedMs / 1000).toFixed(1)} s, then ${cleared.curtailedIntervals} intervals curtailed`);
      console.log(`                     see it: ${url}/dashboard/auctions/${demo.auctionId}`);
      console.log(`                     as a miner: curl -H "Authorization: Bearer ${demo.keys['miner-01']}" ${url}/v1/auctions/${demo.auctionId}/result`);
      console.log(`                     (add -H "Accept: text/csv" for one row per bid and interval); keys: ${url}/dashboard/keys`);
    } else {
      console.log(`Try next             npm run demo   (a scarce demo day, cleared and curtailed), or the README walk-through`);
    }
    console.log('Ctrl-C stops the API and DynamoDB Local.');
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    await shutdown(1);
  }
}

await main();
