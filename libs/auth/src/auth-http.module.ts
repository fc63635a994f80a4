import { Module } from '@nestjs/common';
import { AccountService } from './account.service';
import { AdminUsersController } from './admin-users.controller';
import { AuthRateLimitGuard } from './auth-rate-limit.guard';
import { AuthController } from './auth.controller';
import { IdentityMailer } from './identity-mailer';
import { MeController } from './me.controller';
import { ProfileService } from './profile.service';
import { SessionService } from './session.service';

/**
 * The identity routes: /auth…, /me…, /admin/users. Builds on the global AuthModule; needs the global
 * MailModule (MailQueue) and ThrottlerModule (the `auth` throttler) that ApiModule registers.
 */
@Module({
  controllers: [AuthController, MeController, AdminUsersController],
  providers: [AccountService, SessionService, ProfileService, IdentityMailer, AuthRateLimitGuard],
  exports: [AccountService, SessionService, ProfileService],
})
export class AuthHttpModule {}
