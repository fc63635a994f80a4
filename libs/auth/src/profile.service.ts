import { Injectable, Optional } from '@nestjs/common';
import { ConflictError, InvalidFieldError, UnauthorizedError } from '@meridian/common';
import { Transactions } from '@meridian/database';
import type { AuthUser } from './auth-user';
import type { UpdateMeDto } from './dto/me.dto';
import type { MeDto } from './dto/user-responses.dto';
import { isReservedHandle } from './handle';
import { toUserDto } from './user.mapper';
import { UnreadNotificationCounter } from './unread-notification-counter';
import { UserRecord, UserRepository } from './user.repository';

/** The caller's own profile: GET and PATCH /me. */
@Injectable()
export class ProfileService {
  constructor(
    private readonly transactions: Transactions,
    private readonly users: UserRepository,
    @Optional() private readonly notifications?: UnreadNotificationCounter,
  ) {}

  async getMe(caller: AuthUser): Promise<MeDto> {
    const user = await this.users.findById(caller.id);
    if (!user) throw new UnauthorizedError('UNAUTHORIZED', 'This account no longer exists');
    return this.toMe(user);
  }

  async updateMe(caller: AuthUser, patch: UpdateMeDto): Promise<MeDto> {
    if (patch.handle !== undefined && isReservedHandle(patch.handle)) throw new InvalidFieldError('handle', 'handle is reserved; choose another');
    const updated = await this.transactions.run(async (tx) => {
      if (!(await this.users.lockById(tx, caller.id))) throw new UnauthorizedError('UNAUTHORIZED', 'This account no longer exists');
      const profile = await this.users.updateProfile(tx, caller.id, patch);
      if (profile === 'handle_taken') throw new ConflictError('CONFLICT', 'That handle is already taken');
      return profile;
    });
    return this.toMe(updated);
  }

  private async toMe(user: UserRecord): Promise<MeDto> {
    const [organisations, unreadNotificationCount] = await Promise.all([
      this.users.organisationsOf(user.id),
      this.notifications?.unreadCount(user.id) ?? 0,
    ]);
    return { ...toUserDto(user), organisations, unreadNotificationCount };
  }
}
