import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';

/** The Fastify route-config key set by @AcceptsFormBody(). */
const FORM_BODY = 'acceptsFormBody';

/**
 * Lets a route read `application/x-www-form-urlencoded`. A cross-site HTML form can send that type without a CORS
 * preflight, so only routes a form is meant to drive take it (RFC 8058 one-click unsubscribe); everywhere else a form
 * body is 415, and another site's page cannot make its visitors' browsers register, reset or resend through the API.
 */
export const AcceptsFormBody = () => RouteConfig({ [FORM_BODY]: true });

export function acceptsFormBody(request: FastifyRequest): boolean {
  return (request.routeOptions?.config as unknown as Record<string, unknown> | undefined)?.[FORM_BODY] === true;
}
