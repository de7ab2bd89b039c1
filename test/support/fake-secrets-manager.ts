// A Secrets Manager stand-in on 127.0.0.1 speaking the service's JSON protocol (GetSecretValue
// only), so a deployed bundle reads its secrets through the real AWS SDK + Powertools path:
// point AWS_ENDPOINT_URL_SECRETS_MANAGER at `url`. Counts the reads per secret.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeSecretsManager {
  url: string;
  reads: Map<string, number>;
  close(): Promise<void>;
}

export async function startFakeSecretsManager(secrets: Readonly<Record<string, string>>): Promise<FakeSecretsManager> {
  const reads = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => { body += chunk.toString('utf8'); });
    req.on('end', () => {
      const target = req.headers['x-amz-target'];
      const id = (JSON.parse(body || '{}') as { SecretId?: string }).SecretId ?? '';
      const value = secrets[id];
      res.setHeader('content-type', 'application/x-amz-json-1.1');
      if (target !== 'secretsmanager.GetSecretValue' || value === undefined) {
        res.statusCode = 400;
        res.end(JSON.stringify({ __type: 'ResourceNotFoundException', message: `no secret ${id}` }));
        return;
      }
      reads.set(id, (reads.get(id) ?? 0) + 1);
      res.end(JSON.stringify({ ARN: id, Name: id.split(':').at(-1), SecretString: value, VersionId: 'v1', VersionStages: ['AWSCURRENT'], CreatedDate: 0 }));
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, reads, close: () => new Promise((ok) => server.close(() => ok())) };
}
