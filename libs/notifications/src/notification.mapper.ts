import { notificationTitle } from './email/templates';
import type { NotificationDto } from './dto/notification.dto';
import type { NotificationRow } from './notification.repository';

const iso = (value: string | Date | null): string | null => (value === null ? null : new Date(value).toISOString());

/** The API (and socket) shape of a notification. */
export function toNotificationDto(row: Pick<NotificationRow, 'id' | 'type' | 'payload' | 'link' | 'createdAt' | 'readAt'>): NotificationDto {
  return {
    id: row.id,
    type: row.type,
    title: notificationTitle(row),
    link: row.link,
    data: row.payload,
    createdAt: iso(row.createdAt)!,
    readAt: iso(row.readAt),
  };
}
