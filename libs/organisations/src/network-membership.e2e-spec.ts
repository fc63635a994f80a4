import request from 'supertest';
import type { AuthUser } from '@meridian/auth';
import {
  createApprovedOrganisation,
  createOrganisation,
  createSecretariat,
  createSignedInUser,
  createUser,
  LoggedIn,
  TestUser,
  useTestApp,
} from '@meridian/testing';
import { NetworkMembership } from './network-membership';

describe('Network membership (who may post, upload, comment, endorse)', () => {
  const t = useTestApp();
  let membership: NetworkMembership;
  let secretariat: LoggedIn;

  beforeAll(async () => {
    membership = t.app.get(NetworkMembership);
    secretariat = await createSecretariat(t);
  });

  const asAuthUser = (user: TestUser): AuthUser => ({ id: user.id, platformRole: user.platformRole, sessionId: 'n/a', expiresAt: 0 });

  it('refuses a member of an applied organisation with 403 ORGANISATION_NOT_APPROVED', async () => {
    const owner = await createUser(t);
    await createOrganisation(t, owner, { status: 'applied' });
    await expect(membership.assertCanAct(asAuthUser(owner))).rejects.toMatchObject({ status: 403, code: 'ORGANISATION_NOT_APPROVED' });
  });

  it('lets a member of an approved organisation act, until the secretariat suspends it, and again once reinstated', async () => {
    const owner = await createSignedInUser(t);
    const organisation = await createApprovedOrganisation(t, owner.user);
    await expect(membership.assertCanAct(asAuthUser(owner.user))).resolves.toBeUndefined();

    await request(t.server).post(`/api/v1/organisations/${organisation.id}/suspend`).set(secretariat.auth).send({ reason: 'Review' }).expect(200);
    await expect(membership.assertCanAct(asAuthUser(owner.user))).rejects.toMatchObject({ code: 'ORGANISATION_NOT_APPROVED' });

    await request(t.server).post(`/api/v1/organisations/${organisation.id}/reinstate`).set(secretariat.auth).send({}).expect(200);
    await expect(membership.canAct(asAuthUser(owner.user))).resolves.toBe(true);
  });

  it('does not count a pending join request as membership', async () => {
    const owner = await createUser(t);
    const organisation = await createApprovedOrganisation(t, owner);
    const applicant = await createSignedInUser(t);
    await request(t.server).post(`/api/v1/organisations/${organisation.id}/join-requests`).set(applicant.auth).expect(201);
    await expect(membership.canAct(asAuthUser(applicant.user))).resolves.toBe(false);
  });

  it('lets the secretariat and admins act without an organisation', async () => {
    await expect(membership.assertCanAct(asAuthUser(secretariat.user))).resolves.toBeUndefined();
    const admin = await createUser(t, { platformRole: 'admin' });
    await expect(membership.canAct(asAuthUser(admin))).resolves.toBe(true);
    const loner = await createUser(t);
    await expect(membership.canAct(asAuthUser(loner))).resolves.toBe(false);
  });
});
