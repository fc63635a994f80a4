import { io, Socket } from 'socket.io-client';
import type { ClientToServerEvents, RealtimeAck, ServerEventName, ServerEventPayload, ServerToClientEvents } from '@meridian/realtime';

export type RealtimeClient = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A socket.io client on `/realtime` (not connected yet unless `connect` is awaited). websocket only: no polling noise in tests. */
export function realtimeClient(baseUrl: string, token: string | undefined, options: { origin?: string } = {}): RealtimeClient {
  return io(`${baseUrl}/realtime`, {
    path: '/socket.io',
    transports: ['websocket'],
    auth: token === undefined ? {} : { token },
    extraHeaders: options.origin ? { origin: options.origin } : undefined,
    reconnection: false,
    forceNew: true,
  });
}

/** Resolves once connected; rejects with the connect_error (its `data` carries the code). */
export function connected(socket: RealtimeClient): Promise<RealtimeClient> {
  return new Promise((resolve, reject) => {
    if (socket.connected) return resolve(socket);
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

export async function connect(baseUrl: string, token: string | undefined, options: { origin?: string } = {}): Promise<RealtimeClient> {
  return connected(realtimeClient(baseUrl, token, options));
}

export function connectError(socket: RealtimeClient): Promise<Error & { data?: { code?: string; reason?: string } }> {
  return new Promise((resolve, reject) => {
    socket.once('connect_error', resolve);
    socket.once('connect', () => reject(new Error('connected, but a connect_error was expected')));
  });
}

export function subscribe(socket: RealtimeClient, room: string): Promise<RealtimeAck> {
  return socket.timeout(5000).emitWithAck('subscribe', { room });
}

/** The next `event` whose payload matches, within `timeoutMs`. */
export function nextEvent<E extends ServerEventName>(
  socket: RealtimeClient,
  event: E,
  matches: (payload: ServerEventPayload<E>) => boolean = () => true,
  timeoutMs = 5000,
): Promise<ServerEventPayload<E>> {
  return new Promise((resolve, reject) => {
    const listener = (payload: ServerEventPayload<E>) => {
      if (!matches(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener as never);
      resolve(payload);
    };
    const timer = setTimeout(() => {
      socket.off(event, listener as never);
      reject(new Error(`no ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on(event, listener as never);
  });
}

/** Collects every `event` the socket receives (to assert that something did NOT arrive). */
export function collect<E extends ServerEventName>(socket: RealtimeClient, event: E): ServerEventPayload<E>[] {
  const received: ServerEventPayload<E>[] = [];
  socket.on(event, ((payload: ServerEventPayload<E>) => received.push(payload)) as never);
  return received;
}

export function disconnected(socket: RealtimeClient, timeoutMs = 10000): Promise<string> {
  return new Promise((resolve, reject) => {
    if (!socket.connected) return resolve('already disconnected');
    const timer = setTimeout(() => reject(new Error(`still connected after ${timeoutMs} ms`)), timeoutMs);
    socket.once('disconnect', (reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });
}

/** Returns `track(socket)`: every tracked socket is disconnected after each test of the suite. */
export function useSocketCleanup(): (socket: RealtimeClient) => RealtimeClient {
  const sockets: RealtimeClient[] = [];
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.disconnect();
  });
  return (socket) => (sockets.push(socket), socket);
}
