/** Provided by the notifications capability, so /me can carry `unreadNotificationCount` without auth depending on it. */
export abstract class UnreadNotificationCounter {
  abstract unreadCount(userId: string): Promise<number>;
}
