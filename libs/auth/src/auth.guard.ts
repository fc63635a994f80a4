import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { ForbiddenError, UnauthorizedError } from '@meridian/common';
import type { AuthUser } from './auth-user';
import { isSecretariat } from './auth-user';
import { IS_PUBLIC, REQUIRED_ROLES } from './auth.decorators';
import type { PlatformRole } from './entities/user.entity';

/**
 * Global guard: every route needs a valid bearer token unless marked @Public(); @Roles() then checks the platform role.
 */
@Injectable()
export class BearerAuthGuard extends AuthGuard('bearer') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets);
    const request = context.switchToHttp().getRequest();
    if (isPublic && !request.headers.authorization) return true;
    await super.canActivate(context);
    const roles = this.reflector.getAllAndOverride<PlatformRole[] | undefined>(REQUIRED_ROLES, targets);
    if (roles?.length && !hasRole(request.user, roles)) throw new ForbiddenError('Your platform role does not allow this');
    return true;
  }

  override handleRequest<TUser = AuthUser>(error: unknown, user: TUser | false): TUser {
    if (error) throw error;
    if (!user) throw new UnauthorizedError('UNAUTHORIZED', 'Send a bearer access token');
    return user;
  }
}

function hasRole(user: AuthUser, roles: PlatformRole[]): boolean {
  return roles.includes(user.platformRole) || (roles.includes('secretariat') && isSecretariat(user));
}
