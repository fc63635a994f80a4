import { AsyncLocalStorage } from 'node:async_hooks';

/** Per-request facts that audit and security logging need without threading them through every call. */
export interface RequestContext {
  /** Ours, generated per request: the id in the audit log, the logs and the `x-request-id` response header. */
  requestId: string;
  /** The caller's `x-request-id`, when it looks sane: logged beside ours for correlation, never used as the id. */
  clientRequestId?: string;
  ip?: string;
  userAgent?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export const requestContext = {
  run<T>(context: RequestContext, fn: () => T): T {
    return storage.run(context, fn);
  },
  current(): RequestContext | undefined {
    return storage.getStore();
  },
};

const CLIENT_REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/**
 * The caller's `x-request-id` if it is a plausible id (letters, digits, `._-`, at most 128), else undefined. A caller
 * chooses it freely, so it is only ever logged beside the server's own id: taken as the id, it would let anyone
 * write the request id of someone else's action into the audit log.
 */
export function clientRequestId(headers: Record<string, string | string[] | undefined>): string | undefined {
  const value = headers['x-request-id'];
  return typeof value === 'string' && CLIENT_REQUEST_ID.test(value) ? value : undefined;
}
