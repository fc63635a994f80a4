/**
 * Outbox event names and payloads, written by the capabilities and consumed by the notification fan-out.
 * A separate vocabulary from socket events and notification types, even where a name repeats.
 * Stored in outbox_event.type: never rename one.
 */
export interface OutboxEventPayloads {
  'organisation.applied': { organisationId: string; name: string };
  'organisation.approved': { organisationId: string; name: string; reason?: string | null };
  'organisation.rejected': { organisationId: string; name: string; reason?: string | null };
  'organisation.suspended': { organisationId: string; name: string; reason?: string | null };
  'organisation.reinstated': { organisationId: string; name: string; reason?: string | null };
}

export type OutboxEventType = keyof OutboxEventPayloads;

export interface OutboxEventInput<T extends OutboxEventType = OutboxEventType> {
  type: T;
  payload: OutboxEventPayloads[T];
  actorId?: string | null;
}
