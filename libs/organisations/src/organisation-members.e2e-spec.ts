import request from 'supertest';
import {
  createApprovedOrganisation,
  createOrganisation,
  createSecretariat,
  createSignedInUser,
  createUser,
  LoggedIn,
  useTestApp,
} from '@meridian/testing';
import { DataSource } from 'typeorm';

describe('Organisation members', () => {
  const t = useTestApp();
  let secretariat: LoggedIn;
  const api = '/api/v1/organisations';

  beforeAll(async () => {
    secretariat = await createSecretariat(t);
  });

  const auditActions = (organisationId: string) =>
    t.app
      .get(DataSource)
      .query(`SELECT action, actor_id AS "actorId", before, after FROM audit_log WHERE target_type = 'organisation' AND target_id = $1 ORDER BY id`, [organisationId]);
  const memberIds = async (organisationId: string, caller: LoggedIn) =>
    (await request(t.server).get(`${api}/${organisationId}/members`).set(caller.auth).expect(200)).body.items.map((item: { userId: string; state: string }) => `${item.userId}:${item.state}`);

  it('lets an owner add a user by email (any case), who can then see the member list', async () => {
    const owner = await createSignedInUser(t);
    const organisation = await createApprovedOrganisation(t, owner.user);
    const colleague = await createSignedInUser(t);

    const added = await request(t.server).post(`${api}/${organisation.id}/members`).set(owner.auth).send({ email: colleague.user.email.toUpperCase(), role: 'member' }).expect(201);
    expect(added.body).toMatchObject({ organisationId: organisation.id, userId: colleague.user.id, handle: colleague.user.handle, role: 'member', state: 'active' });
    expect((await memberIds(organisation.id, colleague)).sort()).toEqual([`${owner.user.id}:active`, `${colleague.user.id}:active`].sort());

    const again = await request(t.server).post(`${api}/${organisation.id}/members`).set(owner.auth).send({ email: colleague.user.email }).expect(409);
    expect(again.body.error.code).toBe('ALREADY_MEMBER');
    expect(await auditActions(organisation.id)).toEqual([
      { action: 'organisation.member_add', actorId: owner.user.id, before: null, after: { userId: colleague.user.id, role: 'member', state: 'active' } },
    ]);
  });

  it('answers 404 "User not found" for an unknown email and 403 when a plain member tries to add someone', async () => {
    const owner = await createSignedInUser(t);
    const member = await createSignedInUser(t);
    const organisation = await createApprovedOrganisation(t, owner.user, { members: [member.user] });
    const unknown = await request(t.server).post(`${api}/${organisation.id}/members`).set(owner.auth).send({ email: 'nobody@example.org' }).expect(404);
    expect(unknown.body.error).toMatchObject({ code: 'NOT_FOUND', message: 'User not found' });
    const someone = await createUser(t);
    const forbidden = await request(t.server).post(`${api}/${organisation.id}/members`).set(member.auth).send({ email: someone.email }).expect(403);
    expect(forbidden.body.error.code).toBe('FORBIDDEN');
    const invalid = await request(t.server).post(`${api}/${organisation.id}/members`).set(owner.auth).send({ email: 'not-an-email', role: 'chair' }).expect(400);
    expect(invalid.body.error.details.map((detail: { field: string }) => detail.field).sort()).toEqual(['email', 'role']);
  });

  it('lets a user ask to join; the owner sees the request and approves it; a repeat answers the open request', async () => {
    const owner = await createSignedInUser(t);
    const organisation = await createApprovedOrganisation(t, owner.user);
    const applicant = await createSignedInUser(t);

    const requested = await request(t.server).post(`${api}/${organisation.id}/join-requests`).set(applicant.auth).expect(201);
    expect(requested.body).toMatchObject({ userId: applicant.user.id, role: 'member', state: 'requested' });
    const repeat = await request(t.server).post(`${api}/${organisation.id}/join-requests`).set(applicant.auth).expect(200);
    expect(repeat.body).toEqual(requested.body);

    // While requested: the applicant sees the organisation as theirs, but not its member list.
    expect((await request(t.server).get(`${api}/${organisation.id}`).set(applicant.auth).expect(200)).body.myMembership).toEqual({ role: 'member', state: 'requested' });
    await request(t.server).get(`${api}/${organisation.id}/members`).set(applicant.auth).expect(403);
    const pending = await request(t.server).get(`${api}/${organisation.id}/members`).query({ state: 'requested' }).set(owner.auth).expect(200);
    expect(pending.body.items.map((item: { userId: string }) => item.userId)).toEqual([applicant.user.id]);

    const approved = await request(t.server).patch(`${api}/${organisation.id}/members/${applicant.user.id}`).set(owner.auth).send({ state: 'active' }).expect(200);
    expect(approved.body).toMatchObject({ userId: applicant.user.id, role: 'member', state: 'active' });
    const member = await request(t.server).post(`${api}/${organisation.id}/join-requests`).set(applicant.auth).expect(409);
    expect(member.body.error.code).toBe('ALREADY_MEMBER');
    expect((await auditActions(organisation.id)).map((row: { action: string }) => row.action)).toEqual(['organisation.member_approve']);
  });

  it('shows join requests to owners only: active members see active members', async () => {
    const owner = await createSignedInUser(t);
    const member = await createSignedInUser(t);
    const organisation = await createApprovedOrganisation(t, owner.user, { members: [member.user] });
    const applicant = await createSignedInUser(t);
    await request(t.server).post(`${api}/${organisation.id}/join-requests`).set(applicant.auth).expect(201);
    expect(await memberIds(organisation.id, member)).not.toContain(`${applicant.user.id}:requested`);
    expect(await memberIds(organisation.id, owner)).toContain(`${applicant.user.id}:requested`);
    const requestedOnly = await request(t.server).get(`${api}/${organisation.id}/members`).query({ state: 'requested' }).set(member.auth).expect(200);
    expect(requestedOnly.body.items).toEqual([]);
  });

  it('refuses join requests to organisations that are not approved, and 404 for ones the caller cannot see', async () => {
    const owner = await createSignedInUser(t);
    const applied = await createOrganisation(t, owner.user, { status: 'applied' });
    const user = await createSignedInUser(t);
    await request(t.server).post(`${api}/${applied.id}/join-requests`).set(user.auth).expect(404);
    const suspended = await createOrganisation(t, null, { status: 'suspended' });
    const conflict = await request(t.server).post(`${api}/${suspended.id}/join-requests`).set(secretariat.auth).expect(409);
    expect(conflict.body.error.code).toBe('CONFLICT');
    await request(t.server).post(`${api}/${applied.id}/join-requests`).expect(401);
  });

  it('keeps the member list to members and the secretariat: 403 for others who see the organisation, 404 when invisible or anonymous', async () => {
    const owner = await createSignedInUser(t);
    const approved = await createApprovedOrganisation(t, owner.user);
    const applied = await createOrganisation(t, owner.user, { status: 'applied' });
    const outsider = await createSignedInUser(t);
    const forbidden = await request(t.server).get(`${api}/${approved.id}/members`).set(outsider.auth).expect(403);
    expect(forbidden.body.error.code).toBe('FORBIDDEN');
    await request(t.server).get(`${api}/${applied.id}/members`).set(outsider.auth).expect(404);
    const anonymous = await request(t.server).get(`${api}/${approved.id}/members`).expect(404);
    expect(anonymous.body.error).toMatchObject({ code: 'NOT_FOUND', message: 'Organisation member list not found' });
    expect(await memberIds(applied.id, secretariat)).toEqual([`${owner.user.id}:active`]);
  });

  it('pages the member list by display name', async () => {
    const owner = await createSignedInUser(t, { displayName: 'Aaron Owner' });
    const members = [await createUser(t, { displayName: 'Bea Member' }), await createUser(t, { displayName: 'Cruz Member' })];
    const organisation = await createApprovedOrganisation(t, owner.user, { members });
    const first = await request(t.server).get(`${api}/${organisation.id}/members`).query({ limit: 2 }).set(owner.auth).expect(200);
    expect(first.body.items.map((item: { displayName: string }) => item.displayName)).toEqual(['Aaron Owner', 'Bea Member']);
    const second = await request(t.server).get(`${api}/${organisation.id}/members`).query({ limit: 2, cursor: first.body.nextCursor }).set(owner.auth).expect(200);
    expect(second.body).toEqual({ items: [expect.objectContaining({ displayName: 'Cruz Member' })], nextCursor: null });
  });

  it('keeps at least one owner: the last owner can neither leave, be removed nor be demoted (409 LAST_OWNER)', async () => {
    const owner = await createSignedInUser(t);
    const member = await createSignedInUser(t);
    const organisation = await createApprovedOrganisation(t, owner.user, { members: [member.user] });

    const leave = await request(t.server).delete(`${api}/${organisation.id}/members/${owner.user.id}`).set(owner.auth).expect(409);
    expect(leave.body.error.code).toBe('LAST_OWNER');
    const demote = await request(t.server).patch(`${api}/${organisation.id}/members/${owner.user.id}`).set(owner.auth).send({ role: 'member' }).expect(409);
    expect(demote.body.error.code).toBe('LAST_OWNER');
    await request(t.server).delete(`${api}/${organisation.id}/members/${owner.user.id}`).set(secretariat.auth).expect(409);

    // With a second owner the first may step down.
    await request(t.server).patch(`${api}/${organisation.id}/members/${member.user.id}`).set(owner.auth).send({ role: 'owner' }).expect(200);
    await request(t.server).patch(`${api}/${organisation.id}/members/${owner.user.id}`).set(owner.auth).send({ role: 'member' }).expect(200);
    await request(t.server).delete(`${api}/${organisation.id}/members/${member.user.id}`).set(member.auth).expect(409);
  });

  it('lets a member leave, an owner remove a member, and refuses members removing others', async () => {
    const owner = await createSignedInUser(t);
    const leaver = await createSignedInUser(t);
    const removed = await createSignedInUser(t);
    const organisation = await createApprovedOrganisation(t, owner.user, { members: [leaver.user, removed.user] });

    const notAllowed = await request(t.server).delete(`${api}/${organisation.id}/members/${removed.user.id}`).set(leaver.auth).expect(403);
    expect(notAllowed.body.error.code).toBe('FORBIDDEN');
    await request(t.server).delete(`${api}/${organisation.id}/members/${leaver.user.id}`).set(leaver.auth).expect(204);
    await request(t.server).delete(`${api}/${organisation.id}/members/${removed.user.id}`).set(owner.auth).expect(204);
    await request(t.server).delete(`${api}/${organisation.id}/members/${removed.user.id}`).set(owner.auth).expect(404);
    await request(t.server).delete(`${api}/${organisation.id}/members/not-a-uuid`).set(owner.auth).expect(404);
    expect(await memberIds(organisation.id, owner)).toEqual([`${owner.user.id}:active`]);
    // Leaving is the member's own business; the owner's removal is audit-logged.
    expect((await auditActions(organisation.id)).map((row: { action: string }) => row.action)).toEqual(['organisation.member_remove']);
  });

  it('lets the secretariat manage members of any organisation, audit-logged', async () => {
    const organisation = await createApprovedOrganisation(t, null);
    const user = await createSignedInUser(t);
    await request(t.server).post(`${api}/${organisation.id}/members`).set(secretariat.auth).send({ email: user.user.email, role: 'owner' }).expect(201);
    await request(t.server).patch(`${api}/${organisation.id}/members/${user.user.id}`).set(secretariat.auth).send({ role: 'owner' }).expect(200);
    expect(await auditActions(organisation.id)).toEqual([
      { action: 'organisation.member_add', actorId: secretariat.user.id, before: null, after: { userId: user.user.id, role: 'owner', state: 'active' } },
    ]);
  });

  it('approves a pending join request when the owner adds that user by email (200)', async () => {
    const owner = await createSignedInUser(t);
    const organisation = await createApprovedOrganisation(t, owner.user);
    const applicant = await createSignedInUser(t);
    await request(t.server).post(`${api}/${organisation.id}/join-requests`).set(applicant.auth).expect(201);
    const added = await request(t.server).post(`${api}/${organisation.id}/members`).set(owner.auth).send({ email: applicant.user.email }).expect(200);
    expect(added.body).toMatchObject({ userId: applicant.user.id, state: 'active', role: 'member' });
  });
});
