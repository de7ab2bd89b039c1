// One way for HTTP tests to call the real Hono app in process: Bearer key (the operator's by
// default, `key: null` for none), a JSON body with its content type, or a raw body.
export interface CallOptions {
  key?: string | null;
  json?: unknown;
  body?: string | Uint8Array;
  headers?: Record<string, string>;
}
export type Call = (method: string, path: string, options?: CallOptions) => Promise<Response>;

interface RequestsApp {
  request(path: string, init: RequestInit): Response | Promise<Response>;
}

export function appCaller(app: RequestsApp, defaultKey: string): Call {
  return (method, path, opts = {}) => {
    const headers: Record<string, string> = { ...opts.headers };
    const key = opts.key === undefined ? defaultKey : opts.key;
    if (key !== null) headers.authorization = `Bearer ${key}`;
    let body = opts.body;
    if (opts.json !== undefined) {
      body = JSON.stringify(opts.json);
      headers['content-type'] ??= 'application/json';
    }
    return Promise.resolve(app.request(path, { method, headers, ...(body !== undefined ? { body } : {}) }));
  };
}
