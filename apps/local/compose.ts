// Composition root of `npm start`: DynamoDB Local (in memory unless dbPath), the table, the
// bootstrap operator key, the API served on 127.0.0.1, and the scheduler loop — the same API
// composition the Lambda uses, with local defaults. stop() undoes it in reverse order.
import { serve } from '@hono/node-server';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { loadConfig, type Config } from '../../lib/config';
import type { LocalRunOptions } from './options';
import { nodeClientAddress } from '../../lib/composition/client-address';
import { ensureTable } from '../../lib/store/create-table';
import { generateKey } from '../../lib/market/keys';
import { LOCAL_AWS_ENV, startDynamoDbLocal } from './dynamodb-local';
import { startLocalRuntime } from './local-runtime';

export interface LocalBroker {
  url: string;
  config: Config;
  dynamodbEndpoint: string;
  /** The operator key when it was generated now (shown once); undefined when configured. */
  generatedKey: string | undefined;
  stop(): Promise<void>;
}

export async function startLocalBroker(options: Pick<LocalRunOptions, 'port' | 'dbPath'>, env: NodeJS.ProcessEnv = process.env): Promise<LocalBroker> {
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => { for (const s of stops.reverse()) await s().catch((error: unknown) => console.error(error)); };
  try {
    const ddb = await startDynamoDbLocal({ dbPath: options.dbPath ?? null });
    stops.push(() => ddb.stop());
    // Local default (the environment may override it): http and 127.0.0.1 webhook receivers.
    const base = loadConfig({ WEBHOOK_ALLOW_PRIVATE: 'true', ...env, ...LOCAL_AWS_ENV, DYNAMODB_ENDPOINT: ddb.endpoint });
    const generatedKey = base.bootstrapKey ? undefined : generateKey();
    const config: Config = generatedKey ? { ...base, bootstrapKey: generatedKey } : base;
    // The SDK's default credential chain reads these (DynamoDB Local accepts any values).
    Object.assign(process.env, LOCAL_AWS_ENV);
    const raw = new DynamoDBClient({ endpoint: ddb.endpoint, region: LOCAL_AWS_ENV.AWS_REGION });
    await ensureTable(raw, config.tableName);
    raw.destroy();
    // The API and the scheduler loop it wakes after POST …/clear (answered 202, as deployed).
    const { runtime, scheduler } = startLocalRuntime(config, { clientAddress: nodeClientAddress });
    stops.push(() => scheduler.stop());
    await runtime.seed();

    const server = serve({ fetch: runtime.app.fetch, hostname: '127.0.0.1', port: options.port });
    await new Promise<void>((ok, fail) => { server.once('listening', ok); server.once('error', fail); });
    stops.push(() => new Promise<void>((ok) => { server.close(() => ok()); if ('closeAllConnections' in server) server.closeAllConnections(); }));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : options.port;
    return { url: `http://127.0.0.1:${port}`, config, dynamodbEndpoint: ddb.endpoint, generatedKey, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
