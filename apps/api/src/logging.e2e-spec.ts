import { Client } from 'pg';
import { ensureWorkerDatabase, MailCatcher, MeridianProcess, startMeridianProcess, testEnvironment, testRun, waitUntil } from '@meridian/testing';

interface LogLine {
  msg?: string;
  req?: { id?: string; clientRequestId?: string };
  err?: Record<string, unknown>;
}

/**
 * What the api writes to its log, read from a process started from dist/ as production runs it (JSON lines at info).
 * Its database is a copy of this run's template of its own, so the schema change that provokes a database error
 * touches no other test.
 */
describe('Logs', () => {
  let api: MeridianProcess;
  let mail: MailCatcher;
  let databaseUrl: string;

  beforeAll(async () => {
    mail = new MailCatcher();
    await mail.start();
    databaseUrl = await ensureWorkerDatabase(`${testRun().database}_logs`);
    // Registration's INSERT (email and password hash among its parameters) fails as a lock timeout would (55P03, an
    // error the API does not map: a logged 500), with a detail quoting the row as PostgreSQL's constraint errors do.
    await withDatabase((db) =>
      db.query(`
        CREATE FUNCTION log_canary() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          RAISE EXCEPTION 'canceling statement due to lock timeout' USING ERRCODE = '55P03', TABLE = TG_TABLE_NAME,
            CONSTRAINT = 'log_canary', DETAIL = format('Failing row contains (%s, %s)', NEW.email, NEW.password_hash);
        END $$;
        CREATE TRIGGER log_canary BEFORE INSERT ON app_user FOR EACH ROW EXECUTE FUNCTION log_canary();`),
    );
    api = await startMeridianProcess('api', { ...(await testEnvironment(mail)), DATABASE_URL: databaseUrl, MERIDIAN_ROLE: 'api', LOG_LEVEL: 'info' });
  }, 60000);

  afterAll(async () => {
    await api?.stop();
    await mail?.stop();
  });

  async function withDatabase<T>(action: (db: Client) => Promise<T>): Promise<T> {
    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      return await action(db);
    } finally {
      await db.end();
    }
  }

  const lines = (): LogLine[] =>
    api
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as LogLine);

  it('logs a database error with its code, table and column, never the query parameters or the failing row', async () => {
    const email = `log-canary-${Date.now()}@example.org`;
    const password = 'log-canary-password-0123456789';
    const response = await fetch(`${api.baseUrl}/api/v1/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password, displayName: 'Log Canary' }),
    });
    expect(response.status).toBe(500);
    const requestId = response.headers.get('x-request-id');

    const logged = await waitUntil(() => lines().find((line) => line.err?.code === '55P03'), { what: () => `the error line in:\n${api.output()}` });
    expect(logged.err).toMatchObject({ type: 'QueryFailedError', code: '55P03', table: 'app_user', constraint: 'log_canary', message: 'canceling statement due to lock timeout' });
    expect(logged.req?.id).toBe(requestId);
    const output = api.output();
    expect(output).not.toContain(email);
    expect(output).not.toContain('$argon2id$');
    expect(output).not.toContain(password);
    expect(output).not.toMatch(/Failing row contains|"parameters"|"query"|"detail"/);
  });

  it("logs the client's x-request-id beside the server's own id, which the response carries", async () => {
    const response = await fetch(`${api.baseUrl}/api/v1/taxonomy/countries`, { headers: { 'x-request-id': 'client-chosen-id-42' } });
    expect(response.status).toBe(200);
    const requestId = response.headers.get('x-request-id');
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);

    const logged = await waitUntil(() => lines().find((line) => line.req?.id === requestId && line.msg === 'request completed'), { what: () => `the request line in:\n${api.output()}` });
    expect(logged.req).toMatchObject({ id: requestId, clientRequestId: 'client-chosen-id-42' });
  });
});
