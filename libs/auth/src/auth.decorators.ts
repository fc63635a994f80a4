import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import { PUBLIC_ROUTE_EXTENSION } from '@meridian/common';
import type { AuthUser } from './auth-user';
import type { PlatformRole } from './entities/user.entity';

export const IS_PUBLIC = 'meridian:public';
export const REQUIRED_ROLES = 'meridian:roles';

/** Anonymous callers allowed; a token, if sent, is still verified and the user made available. */
export const Public = () => applyDecorators(SetMetadata(IS_PUBLIC, true), ApiExtension(PUBLIC_ROUTE_EXTENSION, true));

/** Platform roles allowed; `admin` always passes a `secretariat` requirement. */
export const Roles = (...roles: PlatformRole[]) => SetMetadata(REQUIRED_ROLES, roles);

/** The authenticated caller (undefined on a public route called anonymously). */
export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): AuthUser | undefined => {
  return context.switchToHttp().getRequest().user;
});
