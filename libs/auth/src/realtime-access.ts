/**
 * What auth needs from the realtime capability: acting on a user's open sockets when their access changes.
 * Provided by RealtimeModule (useExisting RealtimePublisher), so libs/auth does not depend on @meridian/realtime
 * (which depends on auth). Absent in processes without realtime (the CLI): then there are no sockets to act on.
 */
export abstract class RealtimeAccess {
  /**
   * Disconnects the user's sockets on every instance: all of them, or only those authenticated with a token
   * of one of `sessionIds` (a revoked session).
   */
  abstract disconnectUser(userId: string, sessionIds?: readonly string[]): Promise<void>;

  /** Checks every group/thread room the users' sockets are in against the read rules again and leaves the ones no longer allowed. */
  abstract revalidateAccess(userIds: string | readonly string[]): Promise<void>;
}
