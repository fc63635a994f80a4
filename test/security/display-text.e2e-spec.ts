/**
 * Names and titles people read in pages, lists and mails refuse control characters and bidi overrides/isolates
 * (a name that reorders the text around it can pose as someone else), but keep the joiners real names need.
 */
import request from 'supertest';
import { createGroupWithChair, createSecretariat, createSignedInUser, useTestApp } from '@meridian/testing';

const api = '/api/v1';

/** Shyam Kshetri in Devanagari: a half-form with ZWJ (श्‍य) and a conjunct broken with ZWNJ (क्‌ष). */
const DEVANAGARI_NAME = 'श्\u200Dयाम क्\u200Cषेत्री';
const RIGHT_TO_LEFT_OVERRIDE = '\u202E';
const FIRST_STRONG_ISOLATE = '\u2068';

describe('Names and titles refuse control characters and bidi overrides', () => {
  const t = useTestApp();

  function expectFieldRefused(response: request.Response, field: string) {
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
    expect(response.body.error.details).toContainEqual({ field, message: expect.stringContaining('control characters or bidirectional overrides') });
  }

  it('keeps a Devanagari display name written with ZWJ and ZWNJ exactly as typed, at registration and on /me', async () => {
    const email = `shyam-${Date.now()}@example.org`;
    const registered = await request(t.server)
      .post(`${api}/auth/register`)
      .send({ email, password: 'a-long-and-unusual-passphrase', displayName: DEVANAGARI_NAME })
      .expect(201);
    expect(registered.body.user.displayName).toBe(DEVANAGARI_NAME);

    const persian = 'محمد\u200Cعلی 👩\u200D👩\u200D👧';
    const someone = await createSignedInUser(t);
    const updated = await request(t.server).patch(`${api}/me`).set(someone.auth).send({ displayName: persian }).expect(200);
    expect(updated.body.displayName).toBe(persian);
  });

  it('refuses a display name with a bidi override or a control character, naming the field', async () => {
    expectFieldRefused(
      await request(t.server)
        .post(`${api}/auth/register`)
        .send({ email: `rlo-${Date.now()}@example.org`, password: 'a-long-and-unusual-passphrase', displayName: `Secretariat ${RIGHT_TO_LEFT_OVERRIDE}tnuocca` }),
      'displayName',
    );
    const someone = await createSignedInUser(t);
    expectFieldRefused(await request(t.server).patch(`${api}/me`).set(someone.auth).send({ displayName: 'Ana\u001B[2J' }), 'displayName');
    expectFieldRefused(await request(t.server).patch(`${api}/me`).set(someone.auth).send({ displayName: `${FIRST_STRONG_ISOLATE}Ana` }), 'displayName');
  });

  it('refuses them in organisation names and acronyms, and keeps joiners there too', async () => {
    const applicant = await createSignedInUser(t);
    const base = { type: 'cso', country: 'NP' };
    expectFieldRefused(
      await request(t.server).post(`${api}/organisations`).set(applicant.auth).send({ ...base, name: `Ministry of Labour${RIGHT_TO_LEFT_OVERRIDE}` }),
      'name',
    );
    expectFieldRefused(await request(t.server).post(`${api}/organisations`).set(applicant.auth).send({ ...base, name: 'Pourakhi Nepal', acronym: 'P\u0007N' }), 'acronym');
    const name = `पौरखी नेपाल क्\u200Cष ${Date.now()}`;
    const created = await request(t.server).post(`${api}/organisations`).set(applicant.auth).send({ ...base, name }).expect(201);
    expect(created.body.name).toBe(name);
  });

  it('refuses them in working-group names, on create and on edit', async () => {
    const secretariat = await createSecretariat(t);
    const group = { mandate: 'Terms of reference.', visibility: 'network', joinPolicy: 'open', gcmObjectives: [], countries: [] };
    expectFieldRefused(
      await request(t.server).post(`${api}/working-groups`).set(secretariat.auth).send({ ...group, name: `Data ${FIRST_STRONG_ISOLATE}Group` }),
      'name',
    );
    const { group: existing, chair } = await createGroupWithChair(t);
    expectFieldRefused(
      await request(t.server).patch(`${api}/working-groups/${existing.id}`).set(chair.auth).send({ name: 'Data\u0085Group' }),
      'name',
    );
  });

  it('refuses them in thread titles, on create and on edit', async () => {
    const { group, chair } = await createGroupWithChair(t);
    expectFieldRefused(
      await request(t.server).post(`${api}/working-groups/${group.id}/threads`).set(chair.auth).send({ title: `Agenda${RIGHT_TO_LEFT_OVERRIDE}fdp.exe`, body: 'Hello' }),
      'title',
    );
    const title = `कार्यसूची श्\u200Dयाम ${Date.now()}`;
    const thread = await request(t.server).post(`${api}/working-groups/${group.id}/threads`).set(chair.auth).send({ title, body: 'Hello' }).expect(201);
    expect(thread.body.title).toBe(title);
    expectFieldRefused(await request(t.server).patch(`${api}/threads/${thread.body.id}`).set(chair.auth).send({ title: 'Agenda\u202A' }), 'title');
  });
});
