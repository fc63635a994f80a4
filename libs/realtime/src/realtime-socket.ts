import type { AuthUser } from '@meridian/auth';
import { isUuid } from '@meridian/common';
import type { Namespace, Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from './realtime-events';

/** What the server keeps on each socket. Plain JSON: it travels to other instances (fetchSockets) and into recovery sessions. */
export interface RealtimeSocketData {
  user: AuthUser;
  /** Subscribed thread id → its working group, so a member who loses access leaves that group's thread rooms at once. */
  threadGroups: Record<string, string>;
}

export type RealtimeNamespace = Namespace<ClientToServerEvents, ServerToClientEvents, Record<string, never>, RealtimeSocketData>;
export type RealtimeSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, RealtimeSocketData>;

const ROOM = /^(user|group|thread):(.*)$/i;

export { isUuid };

export type ParsedRoom = { kind: 'user'; id: string; name: string } | { kind: 'group' | 'thread'; id: string; name: string };

/** `{room: "group:<uuid>"}` → its parts; anything else → null (answered VALIDATION_FAILED). */
export function parseRoomRequest(body: unknown): ParsedRoom | null {
  const room = (body as { room?: unknown } | null | undefined)?.room;
  if (typeof room !== 'string') return null;
  const match = ROOM.exec(room);
  if (!match || !isUuid(match[2])) return null;
  const kind = match[1].toLowerCase() as ParsedRoom['kind'];
  const id = match[2].toLowerCase();
  return { kind, id, name: `${kind}:${id}` } as ParsedRoom;
}
