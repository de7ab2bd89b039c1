// The caller's address as each runtime's adapter knows it: API Gateway's requestContext.http
// .sourceIp in Lambda, the socket under @hono/node-server. In-process calls (the dashboard
// reading the API) have neither and get undefined.
import type { Context } from 'hono';
import { getConnInfo as lambdaConnInfo } from 'hono/aws-lambda';
import { getConnInfo as nodeConnInfo } from '@hono/node-server/conninfo';

type AddressOf = (c: Context) => string | undefined;

const guarded = (read: (c: Context) => { remote: { address?: string | undefined } }): AddressOf => (c) => {
  if (c.env === undefined) return undefined;
  try { return read(c).remote.address; } catch { return undefined; }
};

export const lambdaClientAddress: AddressOf = guarded(lambdaConnInfo);
export const nodeClientAddress: AddressOf = guarded(nodeConnInfo);
