import { Injectable } from '@nestjs/common';
import { ConflictError } from '@meridian/common';
import type { Transaction } from '@meridian/database';
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
  async create(tx: Transaction, input: UserToCreate): Promise<UserRecord> {
    const base = handleFromDisplayName(input.displayName);
    for (let attempt = 0; attempt < 5; attempt++) {
      const handle = firstFreeHandle(base, await this.users.handlesLike(base, tx));
      const user = await this.users.insert(tx, { ...input, handle, timezone: input.timezone ?? 'UTC', locale: input.locale ?? 'en' });
      if (user === 'email_taken') throw emailTaken();
      if (user !== 'handle_taken') return user;
    }
    throw new ConflictError('CONFLICT', 'Could not find a free handle; try again');
  }
}

export function emailTaken(): ConflictError {
  return new ConflictError('EMAIL_TAKEN', 'An account with this email already exists');
}
