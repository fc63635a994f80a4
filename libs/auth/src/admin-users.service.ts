import { Injectable } from '@nestjs/common';
import { AuditService } from '@meridian/audit';
import { ConflictError, decodeCursor, InvalidFieldError, NotFoundError, Page, toPage } from '@meridian/common';
import { Transactions } from '@meridian/database';
import type { AuthUser } from './auth-user';
import type { AdminUpdateUserDto, AdminUsersQuery } from './dto/admin-users.dto';
import type { UserDto } from './dto/user-responses.dto';
import { AccessRevocations } from './access-revocations';
import { PasswordService } from './password.service';
import { SecurityLog } from './security-log';
import { SessionRepository } from './session.repository';
import { UserCreator } from './user-creator.service';
import { toUserDto } from './user.mapper';
import { UserRecord, UserRepository } from './user.repository';

export interface CreatedAdmin {
  user: UserDto;
  /** false when the user existed (their password is left as it was). */
  created: boolean;
  /** true when an existing user was made admin (or re-activated) by this call. */
  promoted: boolean;
}

/** Admin management of users (GET/PATCH /admin/users) and the create-admin command. Every change is audit-logged. */
@Injectable()
export class AdminUsersService {
  constructor(
    private readonly transactions: Transactions,
    private readonly users: UserRepository,
    private readonly sessions: SessionRepository,
    private readonly userCreator: UserCreator,
    private readonly passwords: PasswordService,
    private readonly audit: AuditService,
    private readonly security: SecurityLog,
    private readonly revocations: AccessRevocations,
  ) {}

  async list(query: AdminUsersQuery): Promise<Page<UserDto>> {
    const after = decodeCursor(query.cursor, ['timestamp', 'uuid']) as [string, string] | undefined;
    if (after && !after.every((value) => typeof value === 'string')) throw new InvalidFieldError('cursor', 'cursor is not valid');
    const rows = await this.users.list({ q: query.q, platformRole: query.platformRole, status: query.status, after, limit: query.limit });
    return toPage(rows, query.limit, (row) => [row.cursorAt, row.id], toUserDto);
  }

  async get(id: string): Promise<UserDto> {
    const user = await this.users.findById(id);
    if (!user) throw new NotFoundError('User');
    return toUserDto(user);
  }

  /**
   * Sets role and/or status. Disabling revokes every session of the user. The last active admin cannot be
   * demoted or disabled (409), checked under a lock on all active admins so two admins cannot demote each other.
   */
  async update(actor: AuthUser, id: string, patch: AdminUpdateUserDto): Promise<UserDto> {
    const result = await this.transactions.run(async (tx) => {
      const activeAdmins = await this.users.lockActiveAdmins(tx);
      const before = await this.users.lockById(tx, id);
      if (!before) throw new NotFoundError('User');
      const role = patch.platformRole ?? before.platformRole;
      const status = patch.status ?? before.status;
      const wasActiveAdmin = before.platformRole === 'admin' && before.status === 'active';
      if (wasActiveAdmin && (role !== 'admin' || status !== 'active') && activeAdmins.length <= 1) {
        throw new ConflictError('CONFLICT', 'This is the last active admin; make another user admin first');
      }
      if (role === before.platformRole && status === before.status) return { after: before, before, revoked: [] as string[] };
      const after = await this.users.setRoleAndStatus(tx, id, { platformRole: role, status });
      if (role !== before.platformRole) {
        await this.audit.record(tx, {
          actorId: actor.id,
          action: 'user.role_change',
          targetType: 'user',
          targetId: id,
          before: { platformRole: before.platformRole },
          after: { platformRole: role },
        });
      }
      let revoked: string[] = [];
      if (status !== before.status) {
        await this.audit.record(tx, { actorId: actor.id, action: 'user.status_change', targetType: 'user', targetId: id, before: { status: before.status }, after: { status } });
        if (status === 'disabled') revoked = await this.sessions.revokeAllOfUser(tx, id, 'user_disabled');
      }
      return { before, after, revoked };
    });
    this.logChanges(actor.id, result.before, result.after, result.revoked.length);
    await this.applyToOpenAccess(result.before, result.after, result.revoked);
    return toUserDto(result.after);
  }

  /** For `cli create-admin`: a verified admin with this password, or an existing user promoted (audit-logged, no actor). */
  async createOrPromoteAdmin(input: { email: string; password: string; displayName?: string }): Promise<CreatedAdmin> {
    const existing = await this.users.findByEmail(input.email);
    const passwordHash = existing ? undefined : await this.passwords.hash(input.password);
    const result = await this.transactions.run(async (tx) => {
      const found = await this.users.findByEmail(input.email, tx);
      if (found) {
        const before = (await this.users.lockById(tx, found.id))!;
        const after = await this.users.setRoleAndStatus(tx, before.id, { platformRole: 'admin', status: 'active', verify: true });
        if (before.platformRole !== 'admin' || before.status !== 'active') {
          await this.audit.record(tx, {
            actorId: null,
            action: 'user.role_change',
            targetType: 'user',
            targetId: before.id,
            before: { platformRole: before.platformRole, status: before.status },
            after: { platformRole: after.platformRole, status: after.status },
          });
        }
        return { before, after, created: false, promoted: before.platformRole !== 'admin' || before.status !== 'active' };
      }
      const user = await this.userCreator.create(tx, {
        email: input.email,
        passwordHash: passwordHash ?? (await this.passwords.hash(input.password)),
        displayName: input.displayName ?? input.email.split('@')[0],
        platformRole: 'admin',
        emailVerified: true,
      });
      await this.audit.record(tx, { actorId: null, action: 'user.create_admin', targetType: 'user', targetId: user.id, after: { email: user.email, platformRole: 'admin' } });
      return { before: undefined, after: user, created: true, promoted: false };
    });
    if (result.created) this.security.record('user.admin_created', { userId: result.after.id, via: 'cli' });
    else {
      this.logChanges(null, result.before!, result.after, 0);
      await this.applyToOpenAccess(result.before!, result.after, []);
    }
    return { user: toUserDto(result.after), created: result.created, promoted: result.promoted };
  }

  /** After the change committed: a disabled user's tokens and sockets stop at once; a new role applies to tokens and sockets at once. */
  private async applyToOpenAccess(before: UserRecord, after: UserRecord, revokedSessions: string[]): Promise<void> {
    if (after.status === 'disabled' && before.status !== 'disabled') await this.revocations.userDisabled(after.id, revokedSessions);
    else if (after.platformRole !== before.platformRole) await this.revocations.roleChanged(after.id, after.platformRole);
  }

  private logChanges(actorId: string | null, before: UserRecord, after: UserRecord, revokedSessions: number): void {
    if (before.platformRole !== after.platformRole) {
      this.security.record('user.role_changed', { actorId, userId: after.id, from: before.platformRole, to: after.platformRole });
    }
    if (before.status !== after.status) {
      this.security.record('user.status_changed', { actorId, userId: after.id, from: before.status, to: after.status, revokedSessions });
    }
  }
}
