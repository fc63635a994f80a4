import { Injectable } from '@nestjs/common';
import { decodeCursor, NotFoundError, Page, toPage } from '@meridian/common';
import { RealtimePublisher, rooms } from '@meridian/realtime';
import type { NotificationDto } from './dto/notification.dto';
import { toNotificationDto } from './notification.mapper';
import { NotificationRepository } from './notification.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The in-app side: the caller's list, read state (synced to their other devices) and unread count. */
@Injectable()
export class NotificationService {
  constructor(
    private readonly repository: NotificationRepository,
    private readonly realtime: RealtimePublisher,
  ) {}

  async list(userId: string, query: { unread?: boolean; limit: number; cursor?: string }): Promise<Page<NotificationDto>> {
    const after = decodeCursor(query.cursor, ['digits', 'uuid']);
    const rows = await this.repository.list(userId, { unreadOnly: query.unread === true, limit: query.limit, after: after as [string, string] | undefined });
    return toPage(rows, query.limit, (row) => [row.position, row.id], toNotificationDto);
  }

  /** Another user's notification is a 404, the same as a missing one. */
  async markRead(userId: string, id: string): Promise<NotificationDto> {
    const row = UUID.test(id) ? await this.repository.markRead(userId, id) : null;
    if (!row) throw new NotFoundError('Notification');
    this.realtime.emit([rooms.user(userId)], 'notification.read', { ids: [row.id] });
    return toNotificationDto(row);
  }

  async markAllRead(userId: string): Promise<{ updated: number }> {
    const updated = await this.repository.markAllRead(userId);
    this.realtime.emit([rooms.user(userId)], 'notification.read', { all: true });
    return { updated };
  }

  /** For `unreadNotificationCount` on GET /me. */
  unreadCount(userId: string): Promise<number> {
    return this.repository.unreadCount(userId);
  }
}
