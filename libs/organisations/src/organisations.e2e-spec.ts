import request from 'supertest';
import {
  createApprovedOrganisation,
  createOrganisation,
  createSecretariat,
  createSignedInUser,
  LoggedIn,
  useTestApp,
} from '@meridian/testing';
import { DataSource } from 'typeorm';

describe('Organisations', () => {
  const t = useTestApp();
  let secretariat: LoggedIn;
  const api = '/api/v1/organisations';
  const unique = () => Math.random().toString(36).slice(2, 10);

  beforeAll(async () => {
    secretariat = await createSecretariat(t);
  });

  const outboxEvents = (organisationId: string) =>
    t.app.get(DataSource).query(`SELECT type, payload, actor_id AS "actorId" FROM outbox_event WHERE payload->>'organisationId' = $1 ORDER BY id`, [organisationId]);
  const auditRows = (organisationId: string) =>
    t.app.get(DataSource).query(`SELECT action, actor_id AS "actorId", before, after FROM audit_log WHERE target_type = 'organisation' AND target_id = $1 ORDER BY id`, [organisationId]);

  function apply(applicant: LoggedIn, overrides: Record<string, unknown> = {}) {
    const body = { name: `Migrant Rights Forum ${unique()}`, acronym: 'MRF', type: 'cso', country: 'PH', website: 'https://mrf.example.org', description: 'A CSO network', ...overrides };
    return request(t.server).post(api).set(applicant.auth).send(body);
  }

  it('lets a user apply, the secretariat approve, and the applicant then see themselves as owner', async () => {
    const applicant = await createSignedInUser(t);
    const created = await apply(applicant).expect(201);
    expect(created.body).toMatchObject({ status: 'applied', type: 'cso', country: 'PH', acronym: 'MRF', myMembership: { role: 'owner', state: 'active' } });
    expect(await outboxEvents(created.body.id)).toEqual([{ type: 'organisation.applied', payload: { organisationId: created.body.id, name: created.body.name }, actorId: applicant.user.id }]);

    const approved = await request(t.server).post(`${api}/${created.body.id}/approve`).set(secretariat.auth).send({ reason: 'Verified with the registry' }).expect(200);
    expect(approved.body).toMatchObject({ id: created.body.id, status: 'approved', statusReason: 'Verified with the registry' });
    expect(approved.body.approvedAt).toEqual(expect.any(String));

    const members = await request(t.server).get(`${api}/${created.body.id}/members`).set(applicant.auth).expect(200);
    expect(members.body).toEqual({
      items: [
        {
          organisationId: created.body.id,
          userId: applicant.user.id,
          displayName: applicant.user.displayName,
          handle: applicant.user.handle,
          role: 'owner',
          state: 'active',
          createdAt: expect.any(String),
        },
      ],
      nextCursor: null,
    });
  });

  it('shows anonymous visitors approved organisations only, and 404 for an applied one', async () => {
    const tag = unique();
    const approved = await createApprovedOrganisation(t, null, { name: `Directory ${tag} Approved` });
    const applied = await createOrganisation(t, null, { name: `Directory ${tag} Applied`, status: 'applied' });
    await createOrganisation(t, null, { name: `Directory ${tag} Suspended`, status: 'suspended' });

    const list = await request(t.server).get(api).query({ q: tag }).expect(200);
    expect(list.body.items.map((item: { id: string }) => item.id)).toEqual([approved.id]);
    expect(list.body.items[0].myMembership).toBeNull();

    await request(t.server).get(`${api}/${approved.id}`).expect(200);
    const hidden = await request(t.server).get(`${api}/${applied.id}`).expect(404);
    expect(hidden.body.error).toMatchObject({ code: 'NOT_FOUND', message: 'Organisation not found' });
    await request(t.server).get(`${api}/not-a-uuid`).expect(404);
  });

  it('shows a signed-in user approved organisations plus their own in any status, and the secretariat everything', async () => {
    const tag = unique();
    const user = await createSignedInUser(t);
    const stranger = await createSignedInUser(t);
    const approved = await createApprovedOrganisation(t, null, { name: `Visibility ${tag} A` });
    const mine = await createOrganisation(t, user.user, { name: `Visibility ${tag} B`, status: 'rejected' });
    const others = await createOrganisation(t, stranger.user, { name: `Visibility ${tag} C`, status: 'applied' });

    const forUser = await request(t.server).get(api).query({ q: tag }).set(user.auth).expect(200);
    expect(forUser.body.items.map((item: { id: string }) => item.id)).toEqual([approved.id, mine.id]);
    await request(t.server).get(`${api}/${mine.id}`).set(user.auth).expect(200);
    await request(t.server).get(`${api}/${others.id}`).set(user.auth).expect(404);

    const forSecretariat = await request(t.server).get(api).query({ q: tag }).set(secretariat.auth).expect(200);
    expect(forSecretariat.body.items.map((item: { id: string }) => item.id)).toEqual([approved.id, mine.id, others.id]);
    const appliedOnly = await request(t.server).get(api).query({ q: tag, status: 'applied' }).set(secretariat.auth).expect(200);
    expect(appliedOnly.body.items.map((item: { id: string }) => item.id)).toEqual([others.id]);
  });

  it('filters the directory by type, country and accent-insensitive text, and pages with a cursor', async () => {
    const tag = unique();
    const a = await createApprovedOrganisation(t, null, { name: `Alpha ${tag} Centre d'Études`, type: 'research_institute', country: 'TH' });
    const b = await createApprovedOrganisation(t, null, { name: `Beta ${tag} centre d'etudes`, type: 'research_institute', country: 'NP' });
    const c = await createApprovedOrganisation(t, null, { name: `Gamma ${tag} CENTRE D'ÉTUDES`, type: 'academia', country: 'TH' });

    const text = await request(t.server).get(api).query({ q: `${tag} CENTRE D'ETUDES` }).expect(200);
    expect(text.body.items.map((item: { id: string }) => item.id)).toEqual([a.id, b.id, c.id]);
    const byType = await request(t.server).get(api).query({ q: tag, type: 'research_institute' }).expect(200);
    expect(byType.body.items.map((item: { id: string }) => item.id)).toEqual([a.id, b.id]);
    const byCountry = await request(t.server).get(api).query({ q: tag, country: 'th' }).expect(200);
    expect(byCountry.body.items.map((item: { id: string }) => item.id)).toEqual([a.id, c.id]);

    const first = await request(t.server).get(api).query({ q: tag, limit: 2 }).expect(200);
    expect(first.body.items.map((item: { id: string }) => item.id)).toEqual([a.id, b.id]);
    const second = await request(t.server).get(api).query({ q: tag, limit: 2, cursor: first.body.nextCursor }).expect(200);
    expect(second.body).toEqual({ items: [expect.objectContaining({ id: c.id })], nextCursor: null });

    const wildcard = await request(t.server).get(api).query({ q: `${tag}%` }).expect(200);
    expect(wildcard.body.items).toEqual([]);
  });

  it('rejects bad list filters with 400 naming the field', async () => {
    const country = await request(t.server).get(api).query({ country: 'XX' }).expect(400);
    expect(country.body.error.details).toEqual([expect.objectContaining({ field: 'country' })]);
    const status = await request(t.server).get(api).query({ status: 'deleted' }).expect(400);
    expect(status.body.error.details).toEqual([expect.objectContaining({ field: 'status' })]);
    const cursor = await request(t.server).get(api).query({ cursor: 'nonsense' }).expect(400);
    expect(cursor.body.error.details).toEqual([expect.objectContaining({ field: 'cursor' })]);
  });

  it('refuses a name already taken in another case with 409 ORGANISATION_NAME_TAKEN', async () => {
    const applicant = await createSignedInUser(t);
    const name = `Asia Pacific Mission for Migrants ${unique()}`;
    await apply(applicant, { name }).expect(201);
    const duplicate = await apply(applicant, { name: `  ${name.toUpperCase()} ` }).expect(409);
    expect(duplicate.body.error.code).toBe('ORGANISATION_NAME_TAKEN');
  });

  it('validates applications: unknown country, type and fields, bad website, anonymous callers', async () => {
    const applicant = await createSignedInUser(t);
    const country = await apply(applicant, { country: 'XX' }).expect(400);
    expect(country.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [expect.objectContaining({ field: 'country' })] });
    const type = await apply(applicant, { type: 'bogus' }).expect(400);
    expect(type.body.error.details).toEqual([expect.objectContaining({ field: 'type' })]);
    const unknown = await apply(applicant, { status: 'approved' }).expect(400);
    expect(unknown.body.error.details).toEqual([{ field: 'status', message: 'status is not an allowed field' }]);
    const website = await apply(applicant, { website: 'javascript:alert(1)' }).expect(400);
    expect(website.body.error.details).toEqual([expect.objectContaining({ field: 'website' })]);
    const regional = await apply(applicant, { country: 'Regional' }).expect(201);
    expect(regional.body.country).toBe('regional');
    await request(t.server).post(api).send({ name: 'Anonymous org', type: 'cso', country: 'PH' }).expect(401);
  });

  it('answers 409 INVALID_TRANSITION when approving an approved organisation', async () => {
    const organisation = await createApprovedOrganisation(t, null);
    const response = await request(t.server).post(`${api}/${organisation.id}/approve`).set(secretariat.auth).send({}).expect(409);
    expect(response.body.error.code).toBe('INVALID_TRANSITION');
    expect(await auditRows(organisation.id)).toEqual([]);
  });

  it('lets only the secretariat decide: 403 for a member and even for the owner, 401 anonymous, 404 for an unknown id', async () => {
    const owner = await createSignedInUser(t);
    const organisation = await createOrganisation(t, owner.user, { status: 'applied' });
    const member = await createSignedInUser(t);
    for (const caller of [owner, member]) {
      const response = await request(t.server).post(`${api}/${organisation.id}/approve`).set(caller.auth).send({}).expect(403);
      expect(response.body.error.code).toBe('FORBIDDEN');
    }
    await request(t.server).post(`${api}/${organisation.id}/approve`).send({}).expect(401);
    await request(t.server).post(`${api}/00000000-0000-4000-8000-000000000000/approve`).set(secretariat.auth).send({}).expect(404);
    await request(t.server).post(`${api}/${organisation.id}/approve`).set(secretariat.auth).send({ reason: 'x', extra: 1 }).expect(400);
  });

  it('rejects, suspends and reinstates through the state machine, each with an audit row and an outbox event', async () => {
    const rejectedOrg = await createOrganisation(t, null, { status: 'applied' });
    const rejected = await request(t.server).post(`${api}/${rejectedOrg.id}/reject`).set(secretariat.auth).send({ reason: 'Not a migration actor' }).expect(200);
    expect(rejected.body.status).toBe('rejected');
    await request(t.server).post(`${api}/${rejectedOrg.id}/approve`).set(secretariat.auth).send({}).expect(409);

    const organisation = await createApprovedOrganisation(t, null);
    await request(t.server).post(`${api}/${organisation.id}/reinstate`).set(secretariat.auth).send({}).expect(409);
    const suspended = await request(t.server).post(`${api}/${organisation.id}/suspend`).set(secretariat.auth).send({ reason: 'Complaint under review' }).expect(200);
    expect(suspended.body).toMatchObject({ status: 'suspended', statusReason: 'Complaint under review' });
    await request(t.server).post(`${api}/${organisation.id}/suspend`).set(secretariat.auth).send({}).expect(409);
    const reinstated = await request(t.server).post(`${api}/${organisation.id}/reinstate`).set(secretariat.auth).send({}).expect(200);
    expect(reinstated.body).toMatchObject({ status: 'approved', statusReason: null });

    expect(await auditRows(rejectedOrg.id)).toEqual([
      { action: 'organisation.reject', actorId: secretariat.user.id, before: { status: 'applied' }, after: { status: 'rejected', reason: 'Not a migration actor' } },
    ]);
    expect(await auditRows(organisation.id)).toEqual([
      { action: 'organisation.suspend', actorId: secretariat.user.id, before: { status: 'approved' }, after: { status: 'suspended', reason: 'Complaint under review' } },
      { action: 'organisation.reinstate', actorId: secretariat.user.id, before: { status: 'suspended' }, after: { status: 'approved', reason: null } },
    ]);
    expect(await outboxEvents(rejectedOrg.id)).toEqual([
      { type: 'organisation.rejected', payload: { organisationId: rejectedOrg.id, name: rejectedOrg.name, reason: 'Not a migration actor' }, actorId: secretariat.user.id },
    ]);
    expect((await outboxEvents(organisation.id)).map((event: { type: string }) => event.type)).toEqual(['organisation.suspended', 'organisation.reinstated']);
  });

  it('hides the decision reason from outsiders but shows it to members', async () => {
    const owner = await createSignedInUser(t);
    const organisation = await createOrganisation(t, owner.user, { status: 'applied' });
    await request(t.server).post(`${api}/${organisation.id}/approve`).set(secretariat.auth).send({ reason: 'Internal note' }).expect(200);
    expect((await request(t.server).get(`${api}/${organisation.id}`).expect(200)).body.statusReason).toBeNull();
    expect((await request(t.server).get(`${api}/${organisation.id}`).set(owner.auth).expect(200)).body.statusReason).toBe('Internal note');
  });
});
