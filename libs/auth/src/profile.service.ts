import { Injectable } from '@nestjs/common';
import { ConflictError, InvalidFieldError, UnauthorizedError } from '@meridian/common';
import { DataSource } from 'typeorm';
import type { AuthUser } from './auth-user';
import type { UpdateMeDto } from './dto/me.dto';
import type { MeDto } from './dto/user-responses.dto';
import { isReservedHandle } from './handle';
import { toUserDto } from './user.mapper';
import { UserRecord, UserRepository } from './user.repository';

/** The caller's own profile: GET and PATCH /me. */
@Injectable()
export class ProfileService {
  constructor(private readonly dataSource: DataSource, private readonly users: UserRepository) {}

  async getMe(caller: AuthUser): Promise<MeDto> {
    const user = await this.users.findById(caller.id);
    if (!user) throw new UnauthorizedError('UNAUTHORIZED', 'This account no longer exists');
    return this.toMe(user);
  }

  async updateMe(caller: AuthUser, patch: UpdateMeDto): Promise<MeDto> {
    if (patch.handle !== undefined && isReservedHandle(patch.handle)) throw new InvalidFieldError('handle', 'handle is reserved; choose another');
    const updated = await this.dataSource.transaction(async (manager) => {
      if (!(await this.users.lockById(manager, caller.id))) throw new UnauthorizedError('UNAUTHORIZED', 'This account no longer exists');
      return this.users.updateProfile(manager, caller.id, patch);
    });
    if (updated === 'handle_taken') throw new ConflictError('CONFLICT', 'That handle is already taken');
    return this.toMe(updated);
  }

  private async toMe(user: UserRecord): Promise<MeDto> {
    const organisations = await this.users.organisationsOf(user.id);
    // unreadNotificationCount: the notifications capability fills it in.
    return { ...toUserDto(user), organisations, unreadNotificationCount: 0 };
  }
}
