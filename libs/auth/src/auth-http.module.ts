import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccountService } from './account.service';
import { AdminUsersController } from './admin-users.controller';
import { AuthMailBudget } from './auth-mail-budget';
import { AuthRateLimitGuard, WriteRateLimitGuard } from './auth-rate-limit.guard';
import { AuthController } from './auth.controller';
import { IdentityMailer } from './identity-mailer';
import { MeController } from './me.controller';
import { ProfileService } from './profile.service';
import { SessionService } from './session.service';

/**
 * The identity routes: /auth…, /me…, /admin/users, and the write budget of every route. Builds on the global
 * AuthModule; needs the global MailModule (MailQueue) and RateLimitModule (the `auth` and `write` throttlers) that
 * ApiModule registers.
 */
@Module({
  controllers: [AuthController, MeController, AdminUsersController],
  providers: [
    AccountService,
    SessionService,
    ProfileService,
    IdentityMailer,
    AuthMailBudget,
    AuthRateLimitGuard,
    // Global guards run in registration order: AuthModule's bearer guard comes first, so writes are counted per user.
    { provide: APP_GUARD, useClass: WriteRateLimitGuard },
  ],
  exports: [AccountService, SessionService, ProfileService],
})
export class AuthHttpModule {}
