import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiConflictResponse, ApiNoContentResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { AccountService } from './account.service';
import { AuthRateLimit } from './auth-rate-limit.guard';
import { Public } from './auth.decorators';
import { EmailAddressDto, EmailLinkTokenDto, LoginDto, PasswordResetConfirmDto, RefreshTokenDto, RegisterDto } from './dto/auth.dto';
import { LoginResultDto, RegisteredDto, TokenPairDto, UserDto } from './dto/user-responses.dto';
import { SessionService } from './session.service';

@ApiTags('auth')
@Public()
@Controller('auth')
export class AuthController {
  constructor(private readonly accounts: AccountService, private readonly sessions: SessionService) {}

  /** Creates a member account and mails a verification link (unless the address's mail budget, `AUTH_MAIL_LIMIT`, is spent). The first user is not made admin (use `npm run cli -- create-admin`). */
  @Post('register')
  @AuthRateLimit()
  @ApiConflictResponse({ description: '`EMAIL_TAKEN` (in any letter case)' })
  register(@Body() body: RegisterDto): Promise<RegisteredDto> {
    return this.accounts.register(body);
  }

  /** Confirms the email address with the token of the mailed link; answers the user. */
  @Post('verify-email')
  @HttpCode(HttpStatus.OK)
  @AuthRateLimit()
  @ApiBadRequestResponse({ description: '`VALIDATION_FAILED` on `token` when the link is unknown, used or expired' })
  verifyEmail(@Body() body: EmailLinkTokenDto): Promise<UserDto> {
    return this.accounts.verifyEmail(body.token);
  }

  /** Mails a new verification link if the address belongs to an unverified account and its mail budget (`AUTH_MAIL_LIMIT`) allows; 202 either way. */
  @Post('verify-email/resend')
  @HttpCode(HttpStatus.ACCEPTED)
  @AuthRateLimit()
  @ApiAcceptedResponse({ description: 'Always, whether or not the address has an account' })
  async resendVerification(@Body() body: EmailAddressDto): Promise<void> {
    await this.accounts.resendEmailVerification(body.email);
  }

  /** Per account, attempts beyond `AUTH_RATE_LIMIT` wait ever longer (up to `AUTH_BACKOFF_MAX_SECONDS`); `Retry-After` says how long. */
  @Post('login')
  @HttpCode(HttpStatus.OK)
  @AuthRateLimit({ account: 'backoff' })
  @ApiUnauthorizedResponse({ description: '`INVALID_CREDENTIALS` for an unknown email, a wrong password or a disabled account alike' })
  login(@Body() body: LoginDto): Promise<LoginResultDto> {
    return this.sessions.login(body.email, body.password);
  }

  /**
   * Rotates the refresh token: the one sent stops working, the answer carries its successor. A rotated token sent again
   * within `REFRESH_REUSE_GRACE_SECONDS` (default 10) of its rotation (two tabs refreshing at once) gets a fresh pair
   * of the same session; after that, it revokes the whole session.
   */
  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  @ApiUnauthorizedResponse({ description: '`REFRESH_TOKEN_REUSED` (a rotated token sent after the grace: the session is revoked) or `UNAUTHORIZED` (unknown, revoked or expired)' })
  refresh(@Body() body: RefreshTokenDto): Promise<TokenPairDto> {
    return this.sessions.refresh(body.refreshToken);
  }

  /** Revokes the session of this refresh token (204 also when it was already revoked or unknown). */
  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  logout(@Body() body: RefreshTokenDto): Promise<void> {
    return this.sessions.logout(body.refreshToken);
  }

  /** Mails a reset link (valid one hour) if the address belongs to an active account and its mail budget (`AUTH_MAIL_LIMIT`) allows; 202 either way. */
  @Post('password-reset/request')
  @HttpCode(HttpStatus.ACCEPTED)
  @AuthRateLimit()
  @ApiAcceptedResponse({ description: 'Always, whether or not the address has an account' })
  async requestPasswordReset(@Body() body: EmailAddressDto): Promise<void> {
    await this.accounts.requestPasswordReset(body.email);
  }

  /** Sets a new password with the token of the mailed link and revokes every session of the user. */
  @Post('password-reset/confirm')
  @HttpCode(HttpStatus.OK)
  @AuthRateLimit()
  @ApiBadRequestResponse({ description: '`VALIDATION_FAILED` on `token` when the link is unknown, used or expired, or on `password`' })
  confirmPasswordReset(@Body() body: PasswordResetConfirmDto): Promise<UserDto> {
    return this.accounts.confirmPasswordReset(body.token, body.password);
  }
}
