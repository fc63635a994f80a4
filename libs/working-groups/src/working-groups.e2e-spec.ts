import request from 'supertest';
import { DataSource } from 'typeorm';
import {
  addMember,
  createGroup,
  createGroupWithChair,
  createNetworkMember,
  createOrganisation,
  createSignedInUser,
  createUser,
  LoggedIn,
  loginAs,
  useTestApp,
} from '@meridian/testing';

const api = '/api/v1';

describe('Working groups', () => {
  const t = useTestApp();
  let db: DataSource;
  let secretariat: LoggedIn;

  const outbox = (type: string, groupId: string) =>
    db.query(`SELECT payload, actor_id FROM outbox_event WHERE type = $1 AND payload->>'workingGroupId' = $2 ORDER BY id`, [type, groupId]);

  beforeAll(async () => {
    db = t.app.get(DataSource);
    secretariat = await createSignedInUser(t, { platformRole: 'secretariat' });
  });

  describe('creating', () => {
    it('lets the secretariat create a group whose named chairs become active chairs, and audit-logs it', async () => {
      const chair = await createNetworkMember(t);
      const response = await request(t.server)
        .post(`${api}/working-groups`)
        .set(secretariat.auth)
        .send({
          name: 'Regional Thematic Working Group on International Migration including Human Trafficking',
          mandate: 'Coordinates the **UN system** on migration.',
          visibility: 'network',
          joinPolicy: 'approval',
          gcmObjectives: [10, 23],
          countries: ['TH', 'regional'],
          chairIds: [chair.user.id],
        })
        .expect(201);
      expect(response.body).toMatchObject({
        slug: 'regional-thematic-working-group-on-international-migration-i',
        visibility: 'network',
        joinPolicy: 'approval',
        gcmObjectives: [10, 23],
        countries: ['TH', 'regional'],
        status: 'active',
        memberCount: 1,
        myRole: null,
        unreadCount: 0,
      });
      expect(response.body.mandateHtml).toContain('<strong>UN system</strong>');
      const members = await request(t.server).get(`${api}/working-groups/${response.body.id}/members`).set(chair.auth).expect(200);
      expect(members.body.items).toEqual([
        { userId: chair.user.id, displayName: chair.user.displayName, handle: chair.user.handle, role: 'chair', state: 'active', joinedAt: expect.any(String) },
      ]);
      const [audit] = await db.query(`SELECT action, actor_id FROM audit_log WHERE target_id = $1`, [response.body.id]);
      expect(audit).toEqual({ action: 'working_group.create', actor_id: secretariat.user.id });
    });

    it('refuses members who are not secretariat (403) and values outside the taxonomies (400 naming the field)', async () => {
      const member = await createNetworkMember(t);
      const body = { name: 'X group', mandate: 'm', visibility: 'public', joinPolicy: 'open', gcmObjectives: [1], countries: ['PH'] };
      await request(t.server).post(`${api}/working-groups`).set(member.auth).send(body).expect(403);
      await request(t.server).post(`${api}/working-groups`).send(body).expect(401);
      const badObjective = await request(t.server).post(`${api}/working-groups`).set(secretariat.auth).send({ ...body, gcmObjectives: [24] }).expect(400);
      expect(badObjective.body.error.details[0].field).toBe('gcmObjectives');
      const badCountry = await request(t.server).post(`${api}/working-groups`).set(secretariat.auth).send({ ...body, countries: ['PH', 'XX'] }).expect(400);
      expect(badCountry.body.error.details).toEqual([{ field: 'countries.1', message: expect.any(String) }]);
      const unknown = await request(t.server).post(`${api}/working-groups`).set(secretariat.auth).send({ ...body, status: 'archived' }).expect(400);
      expect(unknown.body.error.details[0].field).toBe('status');
      const badChair = await request(t.server).post(`${api}/working-groups`).set(secretariat.auth).send({ ...body, chairIds: ['00000000-0000-4000-8000-000000000000'] }).expect(422);
      expect(badChair.body.error.code).toBe('UNPROCESSABLE');
    });

    it('answers 409 for a slug that is taken and numbers derived slugs', async () => {
      const body = { name: 'Colombo Process — Skills and Qualification Recognition', mandate: 'm', visibility: 'public', joinPolicy: 'open', gcmObjectives: [18], countries: ['LK'] };
      const first = await request(t.server).post(`${api}/working-groups`).set(secretariat.auth).send(body).expect(201);
      const second = await request(t.server).post(`${api}/working-groups`).set(secretariat.auth).send(body).expect(201);
      expect(first.body.slug).toBe('colombo-process-skills-and-qualification-recognition');
      expect(second.body.slug).toBe('colombo-process-skills-and-qualification-recognition-2');
      const taken = await request(t.server).post(`${api}/working-groups`).set(secretariat.auth).send({ ...body, slug: first.body.slug }).expect(409);
      expect(taken.body.error.code).toBe('CONFLICT');
      await request(t.server).get(`${api}/working-groups/${first.body.slug}`).expect(200);
    });

    it('gives groups created at once under the same name distinct slugs (the unique index decides, no 409)', async () => {
      const stamp = Date.now();
      const body = { name: `Abu Dhabi Dialogue ${stamp}`, mandate: 'm', visibility: 'public', joinPolicy: 'open', gcmObjectives: [6], countries: ['AE'] };
      const created = await Promise.all([1, 2, 3].map(() => request(t.server).post(`${api}/working-groups`).set(secretariat.auth).send(body)));
      expect(created.map((response) => response.status)).toEqual([201, 201, 201]);
      const base = `abu-dhabi-dialogue-${stamp}`;
      expect(created.map((response) => response.body.slug).sort()).toEqual([base, `${base}-2`, `${base}-3`].sort());
    });

    it('answers 409 when a rename takes another group\'s slug, and leaves the group as it was', async () => {
      const { group, chair } = await createGroupWithChair(t, { visibility: 'public' });
      const other = await createGroup(t, { visibility: 'public' });
      const taken = await request(t.server).patch(`${api}/working-groups/${group.id}`).set(chair.auth).send({ slug: other.slug, name: 'Renamed' }).expect(409);
      expect(taken.body.error).toMatchObject({ code: 'CONFLICT', message: `The slug "${other.slug}" is taken` });
      const unchanged = await request(t.server).get(`${api}/working-groups/${group.id}`).expect(200);
      expect(unchanged.body).toMatchObject({ slug: group.slug, name: group.name });
      await request(t.server).patch(`${api}/working-groups/${group.id}`).set(chair.auth).send({ slug: group.slug, name: 'Renamed' }).expect(200);
    });
  });

  describe('seeing', () => {
    it('applies one visibility rule: public to all, network to network members, private to its members and the secretariat', async () => {
      const tag = `vis${Date.now()}`;
      const chair = await createNetworkMember(t);
      const publicGroup = await createGroup(t, { name: `${tag} public`, visibility: 'public', chair: chair.user, gcmObjectives: [1], countries: ['NP'] });
      const networkGroup = await createGroup(t, { name: `${tag} network`, visibility: 'network', chair: chair.user });
      const privateGroup = await createGroup(t, { name: `${tag} private`, visibility: 'private', chair: chair.user });
      const outsider = await createNetworkMember(t);
      const unapproved = await createSignedInUser(t);
      await createOrganisation(t, unapproved.user, { status: 'applied' });

      const names = async (auth?: { Authorization: string }) => {
        const req = request(t.server).get(`${api}/working-groups?q=${tag}`);
        const response = await (auth ? req.set(auth) : req).expect(200);
        return response.body.items.map((item: { name: string }) => item.name);
      };
      expect(await names()).toEqual([`${tag} public`]);
      expect(await names(unapproved.auth)).toEqual([`${tag} public`]);
      expect(await names(outsider.auth)).toEqual([`${tag} network`, `${tag} public`]);
      expect(await names(chair.auth)).toEqual([`${tag} network`, `${tag} private`, `${tag} public`]);
      expect(await names(secretariat.auth)).toEqual([`${tag} network`, `${tag} private`, `${tag} public`]);

      await request(t.server).get(`${api}/working-groups/${privateGroup.id}`).set(outsider.auth).expect(404);
      const anonymous = await request(t.server).get(`${api}/working-groups/${networkGroup.slug}`).expect(404);
      expect(anonymous.body.error).toMatchObject({ code: 'NOT_FOUND', message: 'Working group not found' });
      const mine = await request(t.server).get(`${api}/working-groups/${privateGroup.slug}`).set(chair.auth).expect(200);
      expect(mine.body).toMatchObject({ myRole: 'chair', myState: 'active', memberCount: 1 });

      const filtered = await request(t.server).get(`${api}/working-groups?q=${tag}&gcmObjective=1&country=NP`).set(outsider.auth).expect(200);
      expect(filtered.body.items.map((item: { id: string }) => item.id)).toEqual([publicGroup.id]);
      const onlyMine = await request(t.server).get(`${api}/working-groups?q=${tag}&mine=true`).set(outsider.auth).expect(200);
      expect(onlyMine.body.items).toEqual([]);
      const badObjective = await request(t.server).get(`${api}/working-groups?gcmObjective=24`).expect(400);
      expect(badObjective.body.error.details[0].field).toBe('gcmObjective');
      await request(t.server).get(`${api}/working-groups?country=XX`).expect(400);
    });

    it('pages the list with a cursor', async () => {
      const tag = `page${Date.now()}`;
      for (let i = 0; i < 5; i++) await createGroup(t, { name: `${tag} ${i}`, visibility: 'public' });
      const first = await request(t.server).get(`${api}/working-groups?q=${tag}&limit=3`).expect(200);
      expect(first.body.items).toHaveLength(3);
      const second = await request(t.server).get(`${api}/working-groups?q=${tag}&limit=3&cursor=${first.body.nextCursor}`).expect(200);
      expect(second.body.items.map((item: { name: string }) => item.name)).toEqual([`${tag} 3`, `${tag} 4`]);
      expect(second.body.nextCursor).toBeNull();
      await request(t.server).get(`${api}/working-groups?cursor=garbage`).expect(400);
    });
  });

  describe('membership', () => {
    it('joins an open group at once, and answers 409 ALREADY_MEMBER to a second join', async () => {
      const { group } = await createGroupWithChair(t, { joinPolicy: 'open' });
      const member = await createNetworkMember(t);
      const joined = await request(t.server).post(`${api}/working-groups/${group.id}/join`).set(member.auth).expect(200);
      expect(joined.body).toMatchObject({ workingGroupId: group.id, userId: member.user.id, role: 'member', state: 'active' });
      const again = await request(t.server).post(`${api}/working-groups/${group.id}/join`).set(member.auth).expect(409);
      expect(again.body.error.code).toBe('ALREADY_MEMBER');
      const listed = await request(t.server).get(`${api}/working-groups/${group.id}`).set(member.auth).expect(200);
      expect(listed.body).toMatchObject({ myRole: 'member', memberCount: 2 });
    });

    it('asks the chairs of an approval group, answers the pending request again, and lets a chair approve it', async () => {
      const { group, chair } = await createGroupWithChair(t, { joinPolicy: 'approval' });
      const member = await createNetworkMember(t);
      const pending = await request(t.server).post(`${api}/working-groups/${group.id}/join`).set(member.auth).expect(200);
      expect(pending.body).toMatchObject({ role: 'member', state: 'pending' });
      const again = await request(t.server).post(`${api}/working-groups/${group.id}/join`).set(member.auth).expect(200);
      expect(again.body).toEqual(pending.body);
      expect(await outbox('membership.requested', group.id)).toEqual([{ payload: { workingGroupId: group.id, userId: member.user.id }, actor_id: member.user.id }]);

      const asMember = await request(t.server).get(`${api}/working-groups/${group.id}/members`).set(member.auth).expect(200);
      expect(asMember.body.items.map((item: { state: string }) => item.state)).toEqual(['active']);
      const asChair = await request(t.server).get(`${api}/working-groups/${group.id}/members?state=pending`).set(chair.auth).expect(200);
      expect(asChair.body.items).toEqual([expect.objectContaining({ userId: member.user.id, state: 'pending', handle: member.user.handle })]);

      await request(t.server).patch(`${api}/working-groups/${group.id}/members/${member.user.id}`).set(member.auth).send({ state: 'active' }).expect(403);
      const approved = await request(t.server).patch(`${api}/working-groups/${group.id}/members/${member.user.id}`).set(chair.auth).send({ state: 'active' }).expect(200);
      expect(approved.body).toMatchObject({ state: 'active', role: 'member' });
      expect(await outbox('membership.approved', group.id)).toEqual([
        { payload: { workingGroupId: group.id, userId: member.user.id, approvedById: chair.user.id }, actor_id: chair.user.id },
      ]);
    });

    it('lets a chair decline a request with a reason, after which the user may ask again', async () => {
      const { group, chair } = await createGroupWithChair(t, { joinPolicy: 'approval' });
      const member = await createNetworkMember(t);
      await request(t.server).post(`${api}/working-groups/${group.id}/join`).set(member.auth).expect(200);
      await request(t.server).delete(`${api}/working-groups/${group.id}/members/${member.user.id}`).set(chair.auth).send({ reason: 'Not in scope' }).expect(204);
      const [row] = await db.query(`SELECT state, reason FROM working_group_membership WHERE working_group_id = $1 AND user_id = $2`, [group.id, member.user.id]);
      expect(row).toEqual({ state: 'removed', reason: 'Not in scope' });
      const again = await request(t.server).post(`${api}/working-groups/${group.id}/join`).set(member.auth).expect(200);
      expect(again.body.state).toBe('pending');
    });

    it('refuses to join an invite-only group uninvited (403 INVITE_ONLY); an invitation by email is accepted by joining, with its role', async () => {
      const { group, chair } = await createGroupWithChair(t, { joinPolicy: 'invite_only', visibility: 'private' });
      const member = await createNetworkMember(t);
      await request(t.server).post(`${api}/working-groups/${group.id}/join`).set(member.auth).expect(404);
      const publicInviteOnly = await createGroup(t, { joinPolicy: 'invite_only', visibility: 'network', chair: chair.user });
      const refused = await request(t.server).post(`${api}/working-groups/${publicInviteOnly.id}/join`).set(member.auth).expect(403);
      expect(refused.body.error.code).toBe('INVITE_ONLY');

      const invited = await request(t.server).post(`${api}/working-groups/${group.id}/members`).set(chair.auth).send({ email: member.user.email, role: 'observer' }).expect(200);
      expect(invited.body).toMatchObject({ userId: member.user.id, role: 'observer', state: 'invited', invitedById: chair.user.id });
      expect(await outbox('membership.invited', group.id)).toEqual([
        { payload: { workingGroupId: group.id, userId: member.user.id, invitedById: chair.user.id, role: 'observer' }, actor_id: chair.user.id },
      ]);
      // The invitee sees the private group's name and mandate, not its threads.
      const seen = await request(t.server).get(`${api}/working-groups/${group.id}`).set(member.auth).expect(200);
      expect(seen.body).toMatchObject({ name: group.name, myState: 'invited', myRole: null });
      await request(t.server).get(`${api}/working-groups/${group.id}/threads`).set(member.auth).expect(403);

      const accepted = await request(t.server).post(`${api}/working-groups/${group.id}/join`).set(member.auth).expect(200);
      expect(accepted.body).toMatchObject({ role: 'observer', state: 'active' });
      await request(t.server).get(`${api}/working-groups/${group.id}/threads`).set(member.auth).expect(200);
      await request(t.server).post(`${api}/working-groups/${group.id}/members`).set(chair.auth).send({ userId: member.user.id, role: 'member' }).expect(409);
      await request(t.server).post(`${api}/working-groups/${group.id}/members`).set(chair.auth).send({ role: 'member' }).expect(400);
      await request(t.server).post(`${api}/working-groups/${group.id}/members`).set(member.auth).send({ userId: chair.user.id, role: 'member' }).expect(403);
    });

    it('keeps at least one chair: removing, demoting or the leaving of the last chair → 409 LAST_CHAIR', async () => {
      const { group, chair } = await createGroupWithChair(t);
      const demote = await request(t.server).patch(`${api}/working-groups/${group.id}/members/${chair.user.id}`).set(chair.auth).send({ role: 'member' }).expect(409);
      expect(demote.body.error.code).toBe('LAST_CHAIR');
      const remove = await request(t.server).delete(`${api}/working-groups/${group.id}/members/${chair.user.id}`).set(secretariat.auth).expect(409);
      expect(remove.body.error.code).toBe('LAST_CHAIR');
      const leave = await request(t.server).post(`${api}/working-groups/${group.id}/leave`).set(chair.auth).expect(409);
      expect(leave.body.error.code).toBe('LAST_CHAIR');

      const second = await createNetworkMember(t);
      await addMember(t, group, second.user);
      await request(t.server).patch(`${api}/working-groups/${group.id}/members/${second.user.id}`).set(chair.auth).send({ role: 'chair' }).expect(200);
      const left = await request(t.server).post(`${api}/working-groups/${group.id}/leave`).set(chair.auth).expect(200);
      expect(left.body).toMatchObject({ state: 'left', role: 'chair' });
      // Secretariat actions on memberships are audit-logged.
      await request(t.server).patch(`${api}/working-groups/${group.id}/members/${chair.user.id}`).set(secretariat.auth).send({ role: 'member' }).expect(404);
    });

    it('gives co-chairs every chair power except naming or removing chairs', async () => {
      const { group, chair } = await createGroupWithChair(t);
      const coChair = await createNetworkMember(t);
      const member = await createNetworkMember(t);
      await addMember(t, group, coChair.user, { role: 'co_chair' });
      await addMember(t, group, member.user);
      const named = await request(t.server).patch(`${api}/working-groups/${group.id}/members/${member.user.id}`).set(coChair.auth).send({ role: 'chair' }).expect(403);
      expect(named.body.error.code).toBe('FORBIDDEN');
      await request(t.server).delete(`${api}/working-groups/${group.id}/members/${chair.user.id}`).set(coChair.auth).expect(403);
      await request(t.server).post(`${api}/working-groups/${group.id}/members`).set(coChair.auth).send({ userId: (await createUser(t)).id, role: 'chair' }).expect(403);
      await request(t.server).patch(`${api}/working-groups/${group.id}/members/${member.user.id}`).set(coChair.auth).send({ role: 'observer' }).expect(200);
      await request(t.server).patch(`${api}/working-groups/${group.id}`).set(coChair.auth).send({ mandate: 'New terms of reference' }).expect(200);
      await request(t.server).delete(`${api}/working-groups/${group.id}/members/${member.user.id}`).set(coChair.auth).expect(204);
      await request(t.server).patch(`${api}/working-groups/${group.id}`).set(member.auth).send({ mandate: 'x' }).expect(403);
    });

    it('lets a member leave and join again by the group policy', async () => {
      const { group } = await createGroupWithChair(t, { joinPolicy: 'open' });
      const member = await createNetworkMember(t);
      await request(t.server).post(`${api}/working-groups/${group.id}/join`).set(member.auth).expect(200);
      await request(t.server).post(`${api}/working-groups/${group.id}/leave`).set(member.auth).expect(200);
      await request(t.server).post(`${api}/working-groups/${group.id}/leave`).set(member.auth).expect(404);
      const back = await request(t.server).post(`${api}/working-groups/${group.id}/join`).set(member.auth).expect(200);
      expect(back.body.state).toBe('active');
    });

    it('requires an approved organisation to join (403 ORGANISATION_NOT_APPROVED)', async () => {
      const { group } = await createGroupWithChair(t, { visibility: 'public' });
      const applicant = await createSignedInUser(t);
      await createOrganisation(t, applicant.user, { status: 'applied' });
      const response = await request(t.server).post(`${api}/working-groups/${group.id}/join`).set(applicant.auth).expect(403);
      expect(response.body.error.code).toBe('ORGANISATION_NOT_APPROVED');
      await request(t.server).post(`${api}/working-groups/${group.id}/join`).expect(401);
    });
  });

  describe('archiving', () => {
    it('makes an archived group read-only (409 GROUP_ARCHIVED) until it is unarchived', async () => {
      const { group, chair } = await createGroupWithChair(t, { visibility: 'public', joinPolicy: 'open' });
      const member = await createNetworkMember(t);
      const archived = await request(t.server).post(`${api}/working-groups/${group.id}/archive`).set(chair.auth).expect(200);
      expect(archived.body).toMatchObject({ status: 'archived', archivedAt: expect.any(String) });
      for (const attempt of [
        request(t.server).post(`${api}/working-groups/${group.id}/join`).set(member.auth),
        request(t.server).patch(`${api}/working-groups/${group.id}`).set(chair.auth).send({ name: 'Renamed' }),
        request(t.server).post(`${api}/working-groups/${group.id}/threads`).set(chair.auth).send({ title: 'New', body: 'Text' }),
        request(t.server).post(`${api}/working-groups/${group.id}/members`).set(chair.auth).send({ userId: member.user.id, role: 'member' }),
      ]) {
        const response = await attempt.expect(409);
        expect(response.body.error.code).toBe('GROUP_ARCHIVED');
      }
      await request(t.server).post(`${api}/working-groups/${group.id}/archive`).set(chair.auth).expect(409);
      await request(t.server).get(`${api}/working-groups/${group.id}/threads`).expect(200);
      await request(t.server).post(`${api}/working-groups/${group.id}/unarchive`).set(secretariat.auth).expect(200);
      const [audit] = await db.query(`SELECT action FROM audit_log WHERE target_id = $1 AND action = 'working_group.unarchive'`, [group.id]);
      expect(audit).toBeDefined();
      await request(t.server).post(`${api}/working-groups/${group.id}/join`).set(member.auth).expect(200);
    });
  });

  it('refuses null for any field of an update with 400 naming it, and changes nothing', async () => {
    const { group, chair } = await createGroupWithChair(t, { visibility: 'public' });
    const before = await request(t.server).get(`${api}/working-groups/${group.id}`).expect(200);
    for (const field of ['name', 'slug', 'mandate', 'visibility', 'joinPolicy', 'gcmObjectives', 'countries']) {
      const response = await request(t.server).patch(`${api}/working-groups/${group.id}`).set(secretariat.auth).send({ [field]: null }).expect(400);
      expect(response.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field, message: `${field} must not be null` }] });
    }
    await request(t.server).patch(`${api}/working-groups/${group.id}`).set(chair.auth).send({ name: 'Renamed', mandate: null }).expect(400);
    const after = await request(t.server).get(`${api}/working-groups/${group.id}`).expect(200);
    expect(after.body).toEqual(before.body);
  });

  it('saves a group subscription level', async () => {
    const { group, chair } = await createGroupWithChair(t);
    const response = await request(t.server).put(`${api}/working-groups/${group.id}/subscription`).set(chair.auth).send({ level: 'watching' }).expect(200);
    expect(response.body).toEqual({ workingGroupId: group.id, level: 'watching' });
    await request(t.server).put(`${api}/working-groups/${group.id}/subscription`).set(chair.auth).send({ level: 'loud' }).expect(400);
    const stranger = await loginAs(t, await createUser(t));
    await request(t.server).put(`${api}/working-groups/${group.id}/subscription`).set(stranger.auth).send({ level: 'muted' }).expect(404);
  });
});
