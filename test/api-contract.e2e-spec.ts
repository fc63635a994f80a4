/**
 * API.md conventions checked over every route the app documents: anonymous writes → 401, bad ids never 500,
 * every list answers `{items, nextCursor}` and refuses bad paging with 400 naming the field, and every
 * error carries the envelope with the response's request id. New routes are covered without editing this file.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import request, { Response } from 'supertest';
import {
  createGroup,
  createNetworkMember,
  createSignedInUser,
  createThread,
  LoggedIn,
  useTestApp,
} from '@meridian/testing';

type Operation = { method: string; path: string; security: boolean; list: boolean };
type DocumentedOperation = {
  security?: Record<string, string[]>[];
  requestBody?: { content?: { 'application/json'?: { schema?: { $ref?: string } } } };
  responses: Record<string, { content?: { 'application/json'?: { schema?: { $ref?: string } } } }>;
};
type OpenApiDocument = { paths: Record<string, Record<string, DocumentedOperation>>; components: { schemas: Record<string, { properties?: Record<string, unknown> }> } };

describe('API contract over every documented route', () => {
  // Admins pass every secretariat check, so each route gets as far as looking up its resource.
  const t = useTestApp();
  let operations: Operation[];
  let document: OpenApiDocument;
  let admin: LoggedIn;

  beforeAll(async () => {
    admin = await createSignedInUser(t, { platformRole: 'admin' });
    // The committed document (built with the swagger CLI plugin, which ts-jest does not run); CI checks it is current.
    document = JSON.parse(readFileSync(resolve(__dirname, '../openapi.json'), 'utf8'));
    operations = [];
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        const ok = op.responses['200']?.content?.['application/json']?.schema?.$ref;
        const okSchema = ok ? document.components.schemas[ok.split('/').pop()!] : undefined;
        operations.push({
          method,
          path,
          // Signed-in routes: a bearer requirement without the empty (optional) alternative public routes carry.
          security: Array.isArray(op.security) && op.security.length > 0 && !op.security.some((requirement) => Object.keys(requirement).length === 0),
          list: method === 'get' && !!okSchema?.properties?.items && 'nextCursor' in (okSchema.properties ?? {}),
        });
      }
    }
  });

  const fill = (path: string, value: string) => path.replace(/\{[^}]+\}/g, (name) => (name === '{emoji}' ? encodeURIComponent('👍') : name === '{name}' ? 'fanout' : value));
  const call = (method: string, url: string) => (request(t.server) as unknown as Record<string, (url: string) => request.Test>)[method](url);
  /** Describes how `response` departs from the error envelope with `status` and `code`, or null when it does not. */
  const envelopeDeviation = (label: string, response: Response, statuses: number[], code?: string): string | null => {
    const error = response.body?.error;
    if (!statuses.includes(response.status)) return `${label}: ${response.status} ${JSON.stringify(response.body).slice(0, 160)}`;
    if (!error || typeof error.message !== 'string' || error.requestId !== response.headers['x-request-id']) return `${label}: no envelope/requestId ${JSON.stringify(response.body).slice(0, 160)}`;
    if (code && error.code !== code) return `${label}: code ${error.code}`;
    return null;
  };

  it('documents every 4xx with the error envelope schema, 401 on signed-in routes, and an optional token on public ones', () => {
    const errorEnvelope = { 'application/json': { schema: { $ref: '#/components/schemas/ErrorEnvelopeDto' } } };
    expect(document.components.schemas.ErrorEnvelopeDto).toBeDefined();
    const deviations: string[] = [];
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        for (const [status, response] of Object.entries(op.responses)) {
          if (Number(status) >= 400 && Number(status) < 500 && JSON.stringify(response.content) !== JSON.stringify(errorEnvelope)) deviations.push(`${method} ${path} ${status}`);
        }
        const optional = op.security?.some((requirement) => Object.keys(requirement).length === 0);
        if (op.security && !optional && !op.responses['401']) deviations.push(`${method} ${path}: no 401`);
      }
    }
    expect(deviations).toEqual([]);
    expect(document.paths['/api/v1/working-groups'].get.security).toEqual([{ bearer: [] }, {}]);
    expect(document.paths['/api/v1/me'].get.responses['401']).toBeDefined();
  });

  it('answers every anonymous request to a route that needs a signed-in caller (every write, /me, /notifications, /admin…) with 401', async () => {
    const writes = operations.filter((op) => op.security);
    expect(writes.filter((op) => op.method === 'get').map((op) => op.path)).toEqual(expect.arrayContaining(['/api/v1/me', '/api/v1/notifications', '/api/v1/audit-log', '/api/v1/admin/users']));
    expect(writes.length).toBeGreaterThan(40);
    const deviations: (string | null)[] = [];
    for (const op of writes) {
      const response = await call(op.method, fill(op.path, randomUUID())).send(op.method === 'get' ? undefined : {});
      deviations.push(envelopeDeviation(`${op.method} ${op.path}`, response, [401], 'UNAUTHORIZED'));
    }
    expect(deviations.filter(Boolean)).toEqual([]);
  });

  it('answers an anonymous read of a resource that does not exist or is not public with 404, never 401 or 500', async () => {
    const reads = operations.filter((op) => op.method === 'get' && op.path.includes('{') && !op.path.startsWith('/api/v1/admin') && !op.path.startsWith('/api/v1/me'));
    const deviations: (string | null)[] = [];
    for (const op of reads) {
      const response = await call('get', fill(op.path, randomUUID()));
      deviations.push(envelopeDeviation(`${op.method} ${op.path}`, response, [404], 'NOT_FOUND'));
    }
    expect(deviations.filter(Boolean)).toEqual([]);
  });

  it('answers unknown and malformed ids with 404 NOT_FOUND naming the resource, never 500', async () => {
    const withIds = operations.filter((op) => op.path.includes('{id}') && !op.path.includes('unsubscribe'));
    const deviations: (string | null)[] = [];
    for (const op of withIds) {
      for (const id of [randomUUID(), 'not-a-uuid', '00000000-0000-0000-0000-00000000000g']) {
        const response = await call(op.method, fill(op.path, id)).set(admin.auth).send(op.method === 'get' ? undefined : {});
        // A body that fails validation may answer 400 before the id is looked up; never anything else.
        const deviation = envelopeDeviation(`${op.method} ${op.path} ${id}`, response, [400, 404]);
        deviations.push(deviation ?? (response.status === 404 && !/not found/i.test(response.body.error.message) ? `${op.method} ${op.path}: message ${response.body.error.message}` : null));
      }
    }
    expect(deviations.filter(Boolean)).toEqual([]);
  });

  it('answers null for any field of any documented body with 400 VALIDATION_FAILED naming the field, never 500', async () => {
    const deviations: (string | null)[] = [];
    let checked = 0;
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        const ref = op.requestBody?.content?.['application/json']?.schema?.$ref;
        if (!ref) continue;
        for (const field of Object.keys(document.components.schemas[ref.split('/').pop()!].properties ?? {})) {
          const response = await call(method, fill(path, randomUUID())).set(admin.auth).send({ [field]: null });
          checked++;
          const deviation = envelopeDeviation(`${method} ${path} ${field}: null`, response, [400], 'VALIDATION_FAILED');
          deviations.push(deviation ?? (response.body.error.details?.some((detail: { field: string }) => detail.field === field) ? null : `${method} ${path} ${field}: details ${JSON.stringify(response.body.error.details)}`));
        }
      }
    }
    expect(checked).toBeGreaterThan(50);
    expect(deviations.filter(Boolean)).toEqual([]);
  });

  it('pages every list with {items, nextCursor} and refuses a bad limit or cursor with 400 naming the field', async () => {
    const member = await createNetworkMember(t);
    const group = await createGroup(t, { visibility: 'public', chair: member.user });
    const thread = await createThread(t, group, member.user);
    const lists = operations.filter((op) => op.list);
    expect(lists.length).toBeGreaterThan(10);
    const deviations: (string | null)[] = [];
    for (const op of lists) {
      const url = op.path
        .replace('/working-groups/{id}', `/working-groups/${group.id}`)
        .replace('/threads/{id}', `/threads/${thread.id}`)
        .replace('/posts/{id}', `/posts/${thread.firstPostId}`)
        .replace('/organisations/{id}', `/organisations/${member.organisation.id}`);
      const ok = await call('get', url).set(admin.auth);
      if (ok.status !== 200 || !Array.isArray(ok.body.items) || !('nextCursor' in ok.body)) deviations.push(`${url}: ${ok.status} ${JSON.stringify(ok.body).slice(0, 120)}`);
      for (const [query, field] of [
        [{ limit: 0 }, 'limit'],
        [{ limit: 101 }, 'limit'],
        [{ cursor: 'not-a-cursor' }, 'cursor'],
        [{ cursor: Buffer.from(JSON.stringify(['x', 'y', 'z'].slice(0, 1))).toString('base64url') }, 'cursor'],
        [{ cursor: Buffer.from(JSON.stringify(['not a date', 'not-a-uuid'])).toString('base64url') }, 'cursor'],
      ] as const) {
        const bad = await call('get', url).query(query).set(admin.auth);
        const deviation = envelopeDeviation(`${url} ${JSON.stringify(query)}`, bad, [400], 'VALIDATION_FAILED');
        deviations.push(deviation ?? (bad.body.error.details?.some((detail: { field: string }) => detail.field === field) ? null : `${url} ${JSON.stringify(query)}: details ${JSON.stringify(bad.body.error.details)}`));
      }
    }
    expect(deviations.filter(Boolean)).toEqual([]);
  });
});
