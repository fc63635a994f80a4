import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { APP_CONFIG, AppConfig } from '@meridian/config';
import { AccessRevocations } from './access-revocations';
import { AdminUsersService } from './admin-users.service';
import { BearerAuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { BearerStrategy } from './bearer.strategy';
import { EmailTokenRepository } from './email-token.repository';
import { PasswordService } from './password.service';
import { SecurityLog } from './security-log';
import { SessionAuthority } from './session-authority';
import { SessionRepository } from './session.repository';
import { JWT_SECRET, TokenService } from './token.service';
import { UserCreator } from './user-creator.service';
import { UserRepository } from './user.repository';

/**
 * Authentication core, global: token and password services, the one authenticate(), the bearer guard, the user
 * and session repositories and admin user management. No HTTP routes and no mail, so the CLI can load it alone;
 * the routes live in AuthHttpModule.
 */
@Global()
@Module({
  imports: [PassportModule],
  providers: [
    {
      provide: JWT_SECRET,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        if (!config.jwtSecret) throw new Error('JWT secret was not resolved at boot');
        return config.jwtSecret;
      },
    },
    TokenService,
    PasswordService,
    SessionAuthority,
    AccessRevocations,
    AuthService,
    BearerStrategy,
    { provide: APP_GUARD, useClass: BearerAuthGuard },
    UserRepository,
    SessionRepository,
    EmailTokenRepository,
    UserCreator,
    SecurityLog,
    AdminUsersService,
  ],
  exports: [AccessRevocations, AuthService, TokenService, PasswordService, UserRepository, SessionRepository, EmailTokenRepository, UserCreator, SecurityLog, AdminUsersService],
})
export class AuthModule {}
