import { CanActivate, ExecutionContext, Injectable, UseGuards, applyDecorators } from '@nestjs/common';
import { ApiForbiddenResponse } from '@nestjs/swagger';
import { AuthUser, isSecretariat } from '@meridian/auth';
import { ForbiddenError } from '@meridian/common';
import { DataSource } from 'typeorm';

/**
 * SQL predicate: the user whose id is `userIdExpression` is an active member of an approved organisation.
 * The one definition of "network member", for guards and for visibility predicates of every resource.
 */
export function isNetworkMemberSql(userIdExpression: string): string {
  return `EXISTS (SELECT 1 FROM organisation_membership nm JOIN organisation nmo ON nmo.id = nm.organisation_id
            WHERE nm.user_id = ${userIdExpression} AND nm.state = 'active' AND nmo.status = 'approved')`;
}

@Injectable()
export class NetworkMembership {
  constructor(private readonly dataSource: DataSource) {}

  /** Secretariat and admin act without an organisation; everyone else needs an approved one. */
  async canAct(user: AuthUser): Promise<boolean> {
    if (isSecretariat(user)) return true;
    const [row] = await this.dataSource.query(`SELECT ${isNetworkMemberSql('$1')} AS ok`, [user.id]);
    return row.ok === true;
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
