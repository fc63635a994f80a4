/**
 * API.md conventions checked over every route the app documents: anonymous writes → 401, bad ids never 500,
 * every list answers `{items, nextCursor}` and refuses bad paging with 400 naming the field, and every
 * error carries the envelope with the response's request id. New routes are covered without editing this file.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import request, { Response } from 'supertest';
import { createGroup, createNetworkMember, createSignedInUser, createTestApp, createThread, LoggedIn, TestApp } from '@meridian/testing';

type Operation = { method: string; path: string; security: boolean; public: boolean; list: boolean };

describe('API contract over every documented route', () => {
  // Admins pass every secretariat check, so each route gets as far as looking up its resource.
  let t: TestApp;
  let operations: Operation[];
  let admin: LoggedIn;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createSignedInUser(t, { platformRole: 'admin' });
    // The committed document (built with the swagger CLI plugin, which ts-jest does not run); CI checks it is current.
    const document = JSON.parse(readFileSync(resolve(__dirname, '../openapi.json'), 'utf8'));
    operations = [];
    for (const [path, methods] of Object.entries<Record<string, { security?: unknown[]; responses: Record<string, { content?: { 'application/json'?: { schema?: { $ref?: string } } } }> }>>(document.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        const ok = op.responses['200']?.content?.['application/json']?.schema?.$ref;
        const okSchema = ok ? document.components.schemas[ok.split('/').pop()!] : undefined;
        operations.push({
          method,
          path,
          security: Array.isArray(op.security) && op.security.length > 0,
          public: !op.security,
          list: method === 'get' && !!okSchema?.properties?.items && 'nextCursor' in (okSchema.properties ?? {}),
        });
      }
    }
  });

  afterAll(async () => {
    await t.close();
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

  it('answers every anonymous write that needs a signed-in caller with 401 UNAUTHORIZED', async () => {
    const writes = operations.filter((op) => op.method !== 'get' && op.security);
    expect(writes.length).toBeGreaterThan(30);
    const deviations: (string | null)[] = [];
    for (const op of writes) {
      const response = await call(op.method, fill(op.path, randomUUID())).send({});
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
