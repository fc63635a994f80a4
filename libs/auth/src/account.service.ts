import { Injectable } from '@nestjs/common';
import { InvalidFieldError, UnauthorizedError } from '@meridian/common';
import { Transaction, Transactions } from '@meridian/database';
import { AuthMailBudget } from './auth-mail-budget';
import type { AuthUser } from './auth-user';
import type { RegisterDto } from './dto/auth.dto';
import type { RegisteredDto, UserDto } from './dto/user-responses.dto';
import { EmailTokenRepository } from './email-token.repository';
import { IdentityMailer } from './identity-mailer';
import { hashOpaqueToken } from './opaque-token';
import { PasswordService } from './password.service';
import { SecurityLog } from './security-log';
import { SessionRepository } from './session.repository';
import { emailTaken, UserCreator } from './user-creator.service';
import { toUserDto } from './user.mapper';
import { UserRepository } from './user.repository';
import { AccessRevocations } from './access-revocations';
import type { EmailTokenPurpose } from './entities/email-token.entity';

/** Registration, email verification, password reset and password change. */
@Injectable()
export class AccountService {
  constructor(
    private readonly transactions: Transactions,
    private readonly users: UserRepository,
    private readonly sessions: SessionRepository,
    private readonly emailTokens: EmailTokenRepository,
    private readonly userCreator: UserCreator,
    private readonly passwords: PasswordService,
    private readonly mailer: IdentityMailer,
    private readonly security: SecurityLog,
    private readonly revocations: AccessRevocations,
    private readonly mailBudget: AuthMailBudget,
  ) {}

  /** Creates a member (never an admin, even the first user) and mails a verification link. */
  async register(input: RegisterDto): Promise<RegisteredDto> {
    // Cheap check first so a duplicate does not cost an argon2 hash; the insert re-checks under the unique index.
    if (await this.users.emailExists(input.email)) throw emailTaken();
    const passwordHash = await this.passwords.hash(input.password);
    const user = await this.transactions.run((tx) =>
      this.userCreator.create(tx, {
        email: input.email,
        passwordHash,
        displayName: input.displayName,
        timezone: input.timezone,
        locale: input.locale,
      }),
    );
    // Over the address's mail budget the account is still created; the user asks for the link again later.
    if (await this.mailBudget.allowsMailTo(input.email)) await this.mailer.queueEmailVerification(user.id);
    return { user: toUserDto(user) };
  }

  async verifyEmail(token: string): Promise<UserDto> {
    const user = await this.transactions.run(async (tx) => {
      const userId = await this.consumeEmailToken(tx, token, 'verify_email');
      return this.users.markEmailVerified(tx, userId);
    });
    return toUserDto(user);
  }

  /** Mails a fresh link to an unverified active account, within the address's mail budget; says nothing either way (no account enumeration). */
  async resendEmailVerification(email: string): Promise<void> {
    // Spent before the lookup: an address with an account and one without spend alike.
    if (!(await this.mailBudget.allowsMailTo(email))) return;
    const user = await this.users.findByEmail(email);
    if (!user || user.emailVerifiedAt || user.status !== 'active') return;
    await this.mailer.queueEmailVerification(user.id);
  }

  /** Mails a reset link (replacing earlier ones) to an active account, within the address's mail budget; says nothing either way. */
  async requestPasswordReset(email: string): Promise<void> {
    if (!(await this.mailBudget.allowsMailTo(email))) return;
    const user = await this.users.findByEmail(email);
    if (!user || user.status !== 'active') return;
    // The earlier link stops working now; the new one is minted when its mail is sent.
    await this.transactions.run((tx) => this.emailTokens.invalidateUnused(tx, user.id, 'reset_password'));
    await this.mailer.queuePasswordReset(user.id);
  }

  /** Sets the new password and revokes every session: whoever had the old password is signed out. */
  async confirmPasswordReset(token: string, password: string): Promise<UserDto> {
    const passwordHash = await this.passwords.hash(password);
    const { user, revoked } = await this.transactions.run(async (tx) => {
      const userId = await this.consumeEmailToken(tx, token, 'reset_password');
      const locked = await this.users.lockById(tx, userId);
      if (!locked || locked.status !== 'active') throw new InvalidFieldError('token', 'This link is not valid or was already used');
      await this.users.setPasswordHash(tx, userId, passwordHash);
      // Following the mailed link proves the mailbox, as verification would.
      const updated = await this.users.markEmailVerified(tx, userId);
      return { user: updated, revoked: await this.sessions.revokeAllOfUser(tx, userId, 'password_reset') };
    });
    this.security.record('password.reset', { userId: user.id, revokedSessions: revoked.length });
    await this.revocations.sessionsRevoked(user.id, revoked);
    return toUserDto(user);
  }

  /** Checks the current password, sets the new one and revokes every other session (the caller's stays). */
  async changePassword(caller: AuthUser, currentPassword: string, newPassword: string): Promise<UserDto> {
    const user = await this.users.findById(caller.id);
    if (!user || user.status !== 'active') throw new UnauthorizedError('UNAUTHORIZED', 'This account is not active');
    if (!(await this.passwords.verify(user.passwordHash, currentPassword))) {
      this.security.record('password.change_failed', { userId: user.id, sessionId: caller.sessionId, reason: 'wrong_current_password' });
      throw new InvalidFieldError('currentPassword', 'currentPassword is not correct');
    }
    const passwordHash = await this.passwords.hash(newPassword);
    const revoked = await this.transactions.run(async (tx) => {
      await this.users.setPasswordHash(tx, user.id, passwordHash);
      return this.sessions.revokeAllOfUser(tx, user.id, 'password_changed', caller.sessionId);
    });
    this.security.record('password.changed', { userId: user.id, sessionId: caller.sessionId, revokedSessions: revoked.length });
    await this.revocations.sessionsRevoked(user.id, revoked);
    return toUserDto((await this.users.findById(user.id))!);
  }

  /** A mailed link that is unknown, used or expired is a 400 on `token` (like a bad unsubscribe link). */
  private async consumeEmailToken(tx: Transaction, token: string, purpose: EmailTokenPurpose): Promise<string> {
    const consumed = await this.emailTokens.consume(tx, hashOpaqueToken(token), purpose);
    if (consumed === 'expired') throw new InvalidFieldError('token', 'This link has expired; ask for a new one');
    if (consumed === 'invalid') throw new InvalidFieldError('token', 'This link is not valid or was already used');
    return consumed.userId;
  }
}
