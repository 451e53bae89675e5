import { createDocument, type ZodOpenApiPathsObject, type ZodOpenApiResponsesObject } from 'zod-openapi';
import { ERROR_HTTP_STATUS, ErrorResponseSchema, allOperations, type AnyOperation } from '@likeness/shared';
import { VERSION } from '../kernel/version';

const toOpenApiPath = (p: string) => `/api/v1${p.replace(/:([A-Za-z]+)/g, '{$1}')}`;

function errorResponses(op: AnyOperation): ZodOpenApiResponsesObject {
  const codes = new Set<number>([400, 500]);
  if (op.permission !== null) [401, 403].forEach((c) => codes.add(c));
  // A body can name other objects (a person, a template) just as a path can.
  if (op.params || op.body) codes.add(404);
  // Any write can meet a state conflict; the 1 MB JSON limit applies to any request that sends a body.
  if (op.method !== 'get') [409, 413].forEach((c) => codes.add(c));
  // Reading a named object can meet its state too (an Office image of a file not approved for the channel).
  if (op.params) codes.add(409);
  // Public operations that take credentials (login, Office sign-in) refuse wrong ones.
  if (op.permission === null && op.body) codes.add(401);
  // A query can name a channel the organisation does not have (channel_unknown).
  if (op.query) codes.add(422);
  if (op.bodyType === 'multipart') [413, 415, 422].forEach((c) => codes.add(c));
  else if (op.body) [409, 413, 415, 422].forEach((c) => codes.add(c));
  const out: ZodOpenApiResponsesObject = {};
  for (const code of [...codes].sort()) {
    const names = Object.entries(ERROR_HTTP_STATUS).filter(([, s]) => s === code).map(([n]) => n);
    out[String(code) as `${1 | 2 | 3 | 4 | 5}${string}`] = { description: names.join(', '), content: { 'application/json': { schema: ErrorResponseSchema } } };
  }
  return out;
}

function operationObject(op: AnyOperation) {
  const security = op.permission === null ? [] : [{ apiKey: [] }, { session: [] }];
  const permissionNote = op.permission && op.permission !== 'session' ? `\n\nRequires the permission \`${op.permission}\`.` : '';
  const success =
    op.responseType === 'binary'
      ? { description: 'The file.', content: { 'application/octet-stream': { schema: op.response } } }
      : { description: 'Success.', content: { 'application/json': { schema: op.response } } };
  return {
    operationId: op.operationId,
    summary: op.summary,
    description: `${op.description ?? op.summary}${permissionNote}`,
    tags: [op.tag],
    security,
    ...(op.params || op.query ? { requestParams: { ...(op.params ? { path: op.params } : {}), ...(op.query ? { query: op.query } : {}) } } : {}),
    ...(op.body
      ? {
          requestBody: {
            required: true,
            content: { [op.bodyType === 'multipart' ? 'multipart/form-data' : 'application/json']: { schema: op.body } },
          },
        }
      : {}),
    responses: { [String(op.successStatus ?? 200)]: success, ...errorResponses(op) },
    'x-permission': op.permission,
  };
}

/** The OpenAPI 3.1 document, derived entirely from the shared contracts. */
export function buildOpenApiDocument() {
  const paths: Record<string, Record<string, object>> = {};
  for (const op of allOperations) {
    const p = toOpenApiPath(op.path);
    paths[p] = { ...paths[p], [op.method]: operationObject(op) };
  }
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'Likeness API',
      version: VERSION,
      description:
        'Consent server for image banks. Every file gets a GDPR status per channel from its legal basis, the persons in it and their agreements.',
      license: { name: 'AGPL-3.0-or-later', identifier: 'AGPL-3.0-or-later' },
    },
    // Relative to wherever the document is served from: the paths already start with /api/v1.
    servers: [{ url: '/', description: 'The Likeness server that serves this document' }],
    components: {
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: 'An API key: `Authorization: Bearer lk_…`.' },
        session: { type: 'apiKey', in: 'cookie', name: 'likeness_session', description: 'Set by POST /api/v1/auth/login.' },
      },
    },
    // AnyOperation's schemas are typed as plain ZodType; zod-openapi wants ZodObject for parameters.
    paths: paths as ZodOpenApiPathsObject,
  });
}
