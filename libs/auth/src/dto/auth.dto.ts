import { IsEmail, IsLocale, IsNotEmpty, IsOptional, IsString, IsTimeZone, MaxLength, MinLength } from 'class-validator';
import { IsSafeDisplayText, Trim } from '@meridian/common';
import { IsNotCommonPassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../password-policy';

export class RegisterDto {
  /** Unique case-insensitively. */
  @Trim() @IsEmail({}, { message: 'email must be a valid email address' }) @MaxLength(254)
  email: string;

  /** At least 10 characters and not a common password. */
  @IsString() @MinLength(PASSWORD_MIN_LENGTH) @MaxLength(PASSWORD_MAX_LENGTH) @IsNotCommonPassword()
  password: string;

  /** The handle is derived from it (editable later with PATCH /me). */
  @Trim() @IsString() @IsNotEmpty() @MaxLength(100) @IsSafeDisplayText()
  displayName: string;

  /** IANA time zone, e.g. `Asia/Manila`; default `UTC`. */
  @IsOptional() @IsTimeZone() @MaxLength(64)
  timezone?: string;

  /** BCP 47 language tag, e.g. `en`, `th-TH`; default `en`. */
  @IsOptional() @IsLocale() @MaxLength(35)
  locale?: string;
}

export class LoginDto {
  @Trim() @IsEmail({}, { message: 'email must be a valid email address' }) @MaxLength(254)
  email: string;

  @IsString() @IsNotEmpty() @MaxLength(PASSWORD_MAX_LENGTH)
  password: string;
}

export class RefreshTokenDto {
  @IsString() @IsNotEmpty() @MaxLength(512)
  refreshToken: string;
}

/** A token from a mailed link (`?token=`). */
export class EmailLinkTokenDto {
  @IsString() @IsNotEmpty() @MaxLength(512)
  token: string;
}

export class EmailAddressDto {
  @Trim() @IsEmail({}, { message: 'email must be a valid email address' }) @MaxLength(254)
  email: string;
}

export class PasswordResetConfirmDto {
  @IsString() @IsNotEmpty() @MaxLength(512)
  token: string;

  /** The new password: at least 10 characters and not a common password. */
  @IsString() @MinLength(PASSWORD_MIN_LENGTH) @MaxLength(PASSWORD_MAX_LENGTH) @IsNotCommonPassword()
  password: string;
}
