import { Injectable } from '@nestjs/common';
import { RoomAuthorizer } from '@meridian/realtime';
import { isUuid } from '@meridian/common';
import { DiscussionsRepository } from './discussions.repository';

/** Socket rooms follow the HTTP read rules: the same group-content and thread predicates. */
@Injectable()
export class DiscussionsRoomAuthorizer extends RoomAuthorizer {
  constructor(private readonly discussions: DiscussionsRepository) {
    super();
  }

  async authorize(
    user: { id: string; platformRole: string },
    room: { kind: 'group' | 'thread'; id: string },
  ): Promise<{ ok: true; workingGroupId: string } | { ok: false; code: 'NOT_FOUND' | 'FORBIDDEN' }> {
    if (!isUuid(room.id)) return { ok: false, code: 'NOT_FOUND' };
    if (room.kind === 'group') {
      return (await this.discussions.groupContentVisible(room.id, user)) ? { ok: true, workingGroupId: room.id } : { ok: false, code: 'NOT_FOUND' };
    }
    const workingGroupId = await this.discussions.visibleThreadGroup(room.id, user);
    return workingGroupId ? { ok: true, workingGroupId } : { ok: false, code: 'NOT_FOUND' };
  }
}
