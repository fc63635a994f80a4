import { Injectable } from '@nestjs/common';
import { ConflictError } from '@meridian/common';
import type { EntityManager } from 'typeorm';
import type { PlatformRole } from './entities/user.entity';
import { firstFreeHandle, handleFromDisplayName } from './handle';
import { UserRecord, UserRepository } from './user.repository';

export interface UserToCreate {
  email: string;
  passwordHash: string;
  displayName: string;
  timezone?: string;
  locale?: string;
  platformRole?: PlatformRole;
  emailVerified?: boolean;
}

/** Creates users with a handle derived from the display name: registration and the create-admin CLI share it. */
@Injectable()
export class UserCreator {
  constructor(private readonly users: UserRepository) {}

  /** 409 EMAIL_TAKEN when the email exists in any case; a handle taken meanwhile just moves to the next number. */
  async create(manager: EntityManager, input: UserToCreate): Promise<UserRecord> {
    const base = handleFromDisplayName(input.displayName);
    for (let attempt = 0; attempt < 5; attempt++) {
      const handle = firstFreeHandle(base, await this.users.handlesLike(base, manager));
      const user = await this.users.insertUnlessTaken(manager, { ...input, handle, timezone: input.timezone ?? 'UTC', locale: input.locale ?? 'en' });
      if (user) return user;
      if (await this.users.emailExists(input.email, manager)) throw emailTaken();
    }
    throw new ConflictError('CONFLICT', 'Could not find a free handle; try again');
  }
}

export function emailTaken(): ConflictError {
  return new ConflictError('EMAIL_TAKEN', 'An account with this email already exists');
}
