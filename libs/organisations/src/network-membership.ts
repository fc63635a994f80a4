import { CanActivate, ExecutionContext, Injectable, UseGuards, applyDecorators } from '@nestjs/common';
import { ApiForbiddenResponse } from '@nestjs/swagger';
import { AuthUser, isSecretariat } from '@meridian/auth';
import { ForbiddenError } from '@meridian/common';
import { OrganisationMembershipRepository } from './organisation-membership.repository';

/** "Network member": an active member of an approved organisation (the SQL is isNetworkMemberSql, for every resource's predicates). */
@Injectable()
export class NetworkMembership {
  constructor(private readonly memberships: OrganisationMembershipRepository) {}

  /** Secretariat and admin act without an organisation; everyone else needs an approved one. */
  async canAct(user: AuthUser): Promise<boolean> {
    return isSecretariat(user) || this.memberships.isNetworkMember(user.id);
  }

  async assertCanAct(user: AuthUser): Promise<void> {
    if (!(await this.canAct(user))) {
      throw new ForbiddenError('Only members of an approved organisation can do this', 'ORGANISATION_NOT_APPROVED');
    }
  }
}

@Injectable()
export class ApprovedOrganisationGuard implements CanActivate {
  constructor(private readonly membership: NetworkMembership) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const user: AuthUser | undefined = context.switchToHttp().getRequest().user;
    if (!user) return false;
    await this.membership.assertCanAct(user);
    return true;
  }
}

/** Member-only actions (post, upload, comment, endorse): 403 ORGANISATION_NOT_APPROVED without an approved organisation. */
export const RequireApprovedOrganisation = () =>
  applyDecorators(
    UseGuards(ApprovedOrganisationGuard),
    ApiForbiddenResponse({ description: '`ORGANISATION_NOT_APPROVED` when the caller belongs to no approved organisation' }),
  );
