import { connect } from 'node:net';
import request from 'supertest';
import { createSignedInUser, useTestApp } from '@meridian/testing';
import { DataSource } from 'typeorm';

describe('HTTP conventions', () => {
  const t = useTestApp();

  it("answers an unknown route with the error envelope, 404 NOT_FOUND and the server's request id (not the client's)", async () => {
    const response = await request(t.server).get('/api/v1/no-such-thing').set('x-request-id', 'req-abc-123').expect(404);
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.body).toEqual({ error: { code: 'NOT_FOUND', message: 'Route not found', requestId: response.headers['x-request-id'] } });
  });

  it('replaces an unsafe incoming request id with its own', async () => {
    const response = await request(t.server).get('/health').set('x-request-id', 'bad id with spaces <script>');
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('rejects malformed JSON with 400 MALFORMED_JSON', async () => {
    const response = await request(t.server).post('/api/v1/auth/login').set('content-type', 'application/json').send('{"email": "a@b.c",').expect(400);
    expect(response.body.error.code).toBe('MALFORMED_JSON');
    expect(response.body.error.requestId).toBe(response.headers['x-request-id']);
  });

  it('rejects a body that is not JSON (text, XML, unlabelled) with 415 UNSUPPORTED_MEDIA_TYPE, before validation', async () => {
    for (const type of ['text/plain', 'application/xml']) {
      const response = await request(t.server).post('/api/v1/auth/login').set('content-type', type).send('email=a@b.c').expect(415);
      expect(response.body.error).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', requestId: response.headers['x-request-id'] });
    }
    const unlabelled = await request(t.server).post('/api/v1/auth/login').set('content-type', '').send(Buffer.from('{"email":"a@b.c"}'));
    expect(unlabelled.status).toBe(415);
    // JSON with a charset still passes through to validation.
    expect((await request(t.server).post('/api/v1/auth/login').set('content-type', 'application/json; charset=utf-8').send('{}')).body.error.code).toBe('VALIDATION_FAILED');
  });

  it('reads form bodies only where a form is expected, so a cross-site form cannot register, reset or resend (415)', async () => {
    const email = `form-${Date.now()}@example.org`;
    const form = `email=${encodeURIComponent(email)}&password=a-long-enough-password&displayName=Form%20Victim`;
    for (const path of ['auth/register', 'auth/password-reset/request', 'auth/verify-email/resend', 'auth/login']) {
      const response = await request(t.server).post(`/api/v1/${path}`).type('form').send(form).expect(415);
      expect(response.body.error).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', requestId: response.headers['x-request-id'] });
    }
    expect(await t.app.get(DataSource).query(`SELECT 1 FROM app_user WHERE email = $1`, [email])).toEqual([]);
    // The RFC 8058 one-click unsubscribe takes its form: the token is checked (400), the body was not refused.
    const unsubscribe = await request(t.server).post('/api/v1/unsubscribe?token=not-a-token').type('form').send('List-Unsubscribe=One-Click').expect(400);
    expect(unsubscribe.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('rejects JSON nested deeper than 32 levels with 400 MALFORMED_JSON on every body route, never 500', async () => {
    const { auth } = await createSignedInUser(t);
    // Thousands of levels fit well inside the 1 MB limit and used to overflow the stack in the validation pipe.
    for (const depth of [33, 2_000, 100_000]) {
      for (const [method, url] of [['post', '/api/v1/auth/login'], ['patch', '/api/v1/me'], ['put', '/api/v1/me/notification-preferences']] as const) {
        const body = `{"email":${'['.repeat(depth)}${']'.repeat(depth)}}`;
        const response = await request(t.server)[method](url).set(auth).set('content-type', 'application/json').send(body).expect(400);
        expect(response.body.error).toMatchObject({ code: 'MALFORMED_JSON', requestId: response.headers['x-request-id'] });
      }
    }
    // Brackets inside strings are text, and 32 levels are still accepted.
    const inString = await request(t.server).post('/api/v1/auth/login').send({ email: '[[[['.repeat(100), password: '{'.repeat(100) }).expect(400);
    expect(inString.body.error.code).toBe('VALIDATION_FAILED');
    const deepest = `{"displayName":"Deep","x":${'['.repeat(31)}${']'.repeat(31)}}`;
    const allowed = await request(t.server).patch('/api/v1/me').set(auth).set('content-type', 'application/json').send(deepest).expect(400);
    expect(allowed.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'x' }] });
  });

  it('rejects a 2 MB JSON body with 413 PAYLOAD_TOO_LARGE', async () => {
    const body = JSON.stringify({ email: 'a@b.c', password: 'x'.repeat(2 * 1024 * 1024) });
    const response = await request(t.server).post('/api/v1/auth/login').set('content-type', 'application/json').send(body).expect(413);
    expect(response.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers a NUL byte in a query or a JSON string with 400, and in a path id with 404 (a malformed id), never 500', async () => {
    const inQuery = await request(t.server).get('/api/v1/organisations?q=a%00b').expect(400);
    expect(inQuery.body.error.code).toBe('VALIDATION_FAILED');
    const inPath = await request(t.server).get('/api/v1/working-groups/a%00b').expect(404);
    expect(inPath.body.error.code).toBe('NOT_FOUND');
    const inBody = await request(t.server)
      .post('/api/v1/auth/register')
      .send({ email: `nul-${Date.now()}@example.org`, password: 'a-long-enough-password', displayName: 'a\u0000b' })
      .expect(400);
    expect(inBody.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('answers a broken percent-encoding and an overlong path parameter with the envelope and the request id', async () => {
    const badEncoding = await request(t.server).post('/api/v1/posts/00000000-0000-4000-8000-000000000000/reactions/%F0%9F').expect(400);
    expect(badEncoding.body.error).toMatchObject({ code: 'VALIDATION_FAILED', requestId: badEncoding.headers['x-request-id'] });
    expect(badEncoding.body.error.requestId).toBeTruthy();
    const overlong = await request(t.server).get(`/api/v1/working-groups/${'x'.repeat(200)}`).expect(404);
    expect(overlong.body.error.code).toBe('NOT_FOUND');
  });

  it('sets the security headers helmet is configured for', async () => {
    const response = await request(t.server).get('/health');
    expect(response.headers['strict-transport-security']).toMatch(/max-age=31536000/);
    expect(response.headers['content-security-policy']).toMatch(/base-uri 'none'/);
    expect(response.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-powered-by']).toBeUndefined();
  });

  it('allows CORS only for configured origins, and answers refused preflights in the envelope with the request id', async () => {
    const allowed = await request(t.server).options('/api/v1/me').set('Origin', 'http://meridian.test').set('Access-Control-Request-Method', 'PATCH').expect(204);
    expect(allowed.headers).toMatchObject({ 'access-control-allow-origin': 'http://meridian.test', 'x-request-id': expect.any(String) });
    expect(allowed.headers['access-control-allow-methods'].split(/,\s*/)).toEqual(expect.arrayContaining(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']));
    const simple = await request(t.server).get('/api/v1/taxonomy/countries').set('Origin', 'http://meridian.test').expect(200);
    expect(simple.headers['access-control-expose-headers']).toMatch(/x-request-id/);

    const denied = await request(t.server).options('/api/v1/auth/login').set('Origin', 'http://evil.example').set('Access-Control-Request-Method', 'POST').expect(403);
    expect(denied.headers['access-control-allow-origin']).toBeUndefined();
    expect(denied.body.error).toEqual({ code: 'FORBIDDEN', message: expect.any(String), requestId: denied.headers['x-request-id'] });
    const incomplete = await request(t.server).options('/api/v1/auth/login').set('Origin', 'http://meridian.test').expect(400);
    expect(incomplete.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'Access-Control-Request-Method' }], requestId: incomplete.headers['x-request-id'] });
    const notPreflight = await request(t.server).options('/api/v1/auth/login').expect(400);
    expect(notPreflight.body.error.details.map((detail: { field: string }) => detail.field)).toEqual(['Origin', 'Access-Control-Request-Method']);
    const fromElsewhere = await request(t.server).get('/api/v1/taxonomy/countries').set('Origin', 'http://evil.example').expect(200);
    expect(fromElsewhere.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers a method the path does not have with 405 METHOD_NOT_ALLOWED and Allow, and an unknown path with 404', async () => {
    for (const [method, url, allow] of [
      ['put', '/api/v1/auth/login', 'POST'],
      ['delete', '/api/v1/working-groups/some-group', 'GET, HEAD, PATCH'],
      ['post', '/health', 'GET, HEAD'],
      ['get', '/api/v1/notifications/read-all', 'POST'],
    ] as const) {
      const response = await request(t.server)[method](url).expect(405);
      expect(response.headers.allow).toBe(allow);
      expect(response.body.error).toEqual({ code: 'METHOD_NOT_ALLOWED', message: expect.stringContaining(allow), requestId: response.headers['x-request-id'] });
    }
    await request(t.server).put('/api/v1/no-such-thing').expect(404);
  });

  it('answers a URL or headers over 16 KB with 431 REQUEST_HEADERS_TOO_LARGE in the envelope, and an unparsable request with 400', async () => {
    const { port } = new URL(await t.listen());
    const send = (text: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = connect(Number(port), '127.0.0.1', () => socket.end(text));
        let answer = '';
        socket.on('data', (chunk) => (answer += chunk));
        socket.on('close', () => resolve(answer));
        socket.on('error', reject);
      });
    const parse = (answer: string) => {
      const [head, body] = answer.split('\r\n\r\n');
      const requestId = /^x-request-id: (.+)$/im.exec(head)?.[1];
      return { status: Number(head.split(' ')[1]), requestId, body: JSON.parse(body) };
    };
    for (const text of [
      `GET /api/v1/working-groups?q=${'x'.repeat(17 * 1024)} HTTP/1.1\r\nHost: meridian.test\r\n\r\n`,
      `GET /api/v1/working-groups HTTP/1.1\r\nHost: meridian.test\r\nX-Padding: ${'x'.repeat(17 * 1024)}\r\n\r\n`,
    ]) {
      const answer = parse(await send(text));
      expect(answer).toEqual({ status: 431, requestId: expect.any(String), body: { error: { code: 'REQUEST_HEADERS_TOO_LARGE', message: expect.any(String), requestId: answer.requestId } } });
    }
    const garbage = parse(await send('NOT HTTP AT ALL\r\n\r\n'));
    expect(garbage).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_FAILED', requestId: garbage.requestId } } });
  });

  it('serves the OpenAPI document at /api/docs-json', async () => {
    const response = await request(t.server).get('/api/docs-json').expect(200);
    expect(response.body.openapi).toMatch(/^3\./);
    expect(Object.keys(response.body.paths)).toContain('/health');
  });
});
