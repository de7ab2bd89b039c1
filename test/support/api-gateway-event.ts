// A real API Gateway HTTP API (payload format 2.0) event, as the $default route delivers it.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

export interface HttpRequestSpec {
  method?: string;
  /** Path with an optional query string, e.g. `/v1/auctions?limit=2`. */
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export function apiGatewayEvent({ method = 'GET', path, headers = {}, body }: HttpRequestSpec): APIGatewayProxyEventV2 {
  const [rawPath = '/', rawQueryString = ''] = path.split('?', 2);
  const query = new URLSearchParams(rawQueryString);
  const now = Date.now();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString,
    headers: {
      host: 'abc123.execute-api.us-east-1.amazonaws.com',
      'user-agent': 'vitest',
      ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}),
      ...Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])),
    },
    ...(rawQueryString ? { queryStringParameters: Object.fromEntries(query) } : {}),
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'abc123',
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'vitest' },
      requestId: `req-${now}`,
      routeKey: '$default',
      stage: '$default',
      time: new Date(now).toUTCString(),
      timeEpoch: now,
    },
    ...(body !== undefined ? { body } : {}),
    isBase64Encoded: false,
  };
}
