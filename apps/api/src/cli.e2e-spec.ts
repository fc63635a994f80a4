import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createUser, ensureWorkerDatabase, TEST_PASSWORD, testRun, useTestApp } from '@meridian/testing';

const CLI = resolve(__dirname, '../../../dist/apps/api/src/cli.js');

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

describe('npm run cli -- create-admin', () => {
  const t = useTestApp();

  /** Runs the built CLI (as `npm run cli` does) against this test's database. */
  function cli(...args: string[]): Promise<CliResult> {
    return cliWith({}, ...args);
  }

  function cliWith(env: NodeJS.ProcessEnv, ...args: string[]): Promise<CliResult> {
    return new Promise((done, fail) => {
      const child = spawn(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH, ...t.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => (stdout += chunk));
      child.stderr.on('data', (chunk) => (stderr += chunk));
      child.on('error', fail);
      child.on('close', (code) => done({ code, stdout, stderr }));
    });
  }

  it('creates a verified admin without prompts, who can then sign in over HTTP and use /admin/users', async () => {
    const email = `root-${Date.now()}@example.org`;
    const result = await cli('create-admin', '--email', email, '--password', 'a-root-password-2026');
    expect(result).toMatchObject({ code: 0, stdout: expect.stringContaining(`Created admin ${email}`) });
    expect(result.stdout + result.stderr).not.toContain('a-root-password-2026');

    const login = await request(t.server).post('/api/v1/auth/login').send({ email, password: 'a-root-password-2026' }).expect(200);
    expect(login.body.user).toMatchObject({ email, platformRole: 'admin', emailVerified: true, status: 'active' });
    await request(t.server).get('/api/v1/admin/users').set('Authorization', `Bearer ${login.body.accessToken}`).expect(200);

    const [audit] = await t.app.get(DataSource).query(`SELECT actor_id, action FROM audit_log WHERE target_id = $1`, [login.body.user.id]);
    expect(audit).toEqual({ actor_id: null, action: 'user.create_admin' });
  }, 60000);

  it('promotes an existing user (audit-logged) and leaves their password alone', async () => {
    const user = await createUser(t);
    const result = await cli('create-admin', '--email', user.email.toUpperCase(), '--password', 'some-other-password-1');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('is now an admin');
    const login = await request(t.server).post('/api/v1/auth/login').send({ email: user.email, password: TEST_PASSWORD }).expect(200);
    expect(login.body.user.platformRole).toBe('admin');
    const [audit] = await t.app.get(DataSource).query(`SELECT action, before, after FROM audit_log WHERE target_id = $1`, [user.id]);
    expect(audit).toEqual({ action: 'user.role_change', before: { platformRole: 'member', status: 'active' }, after: { platformRole: 'admin', status: 'active' } });
  }, 60000);

  it('seeds the demo network into an empty database only (npm run seed)', async () => {
    const empty = await ensureWorkerDatabase(`${testRun().database}_seedcli`);
    const seeded = await cliWith({ DATABASE_URL: empty }, 'seed');
    expect(seeded.code).toBe(0);
    expect(seeded.stdout).toMatch(/^ {2}secretariat@meridian\.example {2}\S+/m);

    const again = await cliWith({ DATABASE_URL: empty }, 'seed');
    expect(again).toMatchObject({ code: 0, stdout: expect.stringContaining('already has users') });
  }, 60000);

  it.each([
    [['create-admin', '--email', 'not-an-email', '--password', 'a-root-password-2026'], /--email must be a valid email address/],
    [['create-admin', '--email', 'a@example.org', '--password', 'short'], /password must be at least 10 characters/],
    [['create-admin', '--email', 'a@example.org', '--password', 'a-root-password-2026', '--role', 'x'], /Unknown option '--role'/],
    [['launch-rockets'], /Unknown command "launch-rockets"/],
  ])('refuses %j with a message and exit code 1', async (args, message) => {
    const result = await cli(...args);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toContain('Usage:');
  }, 60000);
});
