// The routes the fuzz suite covers: every operation of the app's own /openapi.json, plus the
// routes the document leaves out (the document itself, Swagger UI, the dashboard's forms and assets).
import { z } from 'zod';

export const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type Method = (typeof METHODS)[number];

export interface Operation {
  /** "METHOD /path/{param}", as the document writes the path. */
  name: string;
  method: Method;
  path: string;
  pathParams: string[];
  queryParams: string[];
  /** Request body media types the operation accepts; empty when it takes no body. */
  bodyTypes: string[];
  /** Methods the path does not have: sending one of them is a 405. */
  otherMethods: Method[];
  /** Under /v1: a bearer key is required. */
  authenticated: boolean;
  /** Dashboard routes answer with HTML pages, not problem+json. */
  html: boolean;
}

const ParameterSchema = z.object({ in: z.string(), name: z.string() });
const OperationSchema = z.object({
  parameters: z.array(ParameterSchema).optional(),
  requestBody: z.object({ content: z.record(z.string(), z.unknown()) }).optional(),
});
const DocumentSchema = z.object({ paths: z.record(z.string(), z.record(z.string(), OperationSchema)) });

const methodOf = (text: string): Method | undefined => METHODS.find((m) => m === text.toUpperCase());

export function operationsOf(document: unknown): Operation[] {
  const doc = DocumentSchema.parse(document);
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    const defined = Object.keys(item).map(methodOf).filter((m): m is Method => m !== undefined);
    for (const [methodText, op] of Object.entries(item)) {
      const method = methodOf(methodText);
      if (!method) continue;
      const params = op.parameters ?? [];
      operations.push({
        name: `${method} ${path}`, method, path,
        pathParams: params.filter((p) => p.in === 'path').map((p) => p.name),
        queryParams: params.filter((p) => p.in === 'query').map((p) => p.name),
        bodyTypes: Object.keys(op.requestBody?.content ?? {}),
        otherMethods: METHODS.filter((m) => !defined.includes(m)),
        authenticated: path.startsWith('/v1/'), html: false,
      });
    }
  }
  return operations;
}

const extra = (method: Method, path: string, more: Partial<Operation> = {}): Operation => ({
  name: `${method} ${path}`, method, path, pathParams: [], queryParams: [], bodyTypes: [],
  otherMethods: METHODS.filter((m) => m !== method), authenticated: false, html: false, ...more,
});

/** Routes outside the document. The dashboard's forms take urlencoded bodies. */
export const UNDOCUMENTED: readonly Operation[] = [
  extra('GET', '/openapi.json'),
  extra('GET', '/docs'),
  extra('GET', '/docs/assets/{file}', { pathParams: ['file'] }),
  extra('GET', '/public', { queryParams: ['cursor'] }),
  extra('GET', '/public/auction/{id}', { pathParams: ['id'] }),
  extra('GET', '/dashboard/assets/{name}', { pathParams: ['name'], otherMethods: [], html: true }),
  extra('POST', '/dashboard/sign-in', { bodyTypes: ['application/x-www-form-urlencoded'], otherMethods: [], html: true }),
  extra('POST', '/dashboard/sign-out', { bodyTypes: ['application/x-www-form-urlencoded'], otherMethods: [], html: true }),
];
