import { IsLocale, IsNotEmpty, IsOptional, IsString, IsTimeZone, Matches, MaxLength, MinLength } from 'class-validator';
import { IsSafeDisplayText, Trim } from '@meridian/common';
import { HANDLE_PATTERN } from '../handle';
import { IsNotCommonPassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../password-policy';

/** What a user may change about themselves; `email`, `platformRole` and `status` are not accepted (400). */
export class UpdateMeDto {
  @IsOptional() @Trim() @IsString() @IsNotEmpty() @MaxLength(100) @IsSafeDisplayText()
  displayName?: string;

  /** 3–30 letters, digits or `_`; unique case-insensitively (409 `CONFLICT` when taken). */
  @IsOptional() @IsString() @Matches(HANDLE_PATTERN, { message: 'handle must be 3–30 letters, digits or underscores' })
  handle?: string;

  /** IANA time zone, e.g. `Asia/Bangkok`. */
  @IsOptional() @IsTimeZone() @MaxLength(64)
  timezone?: string;

  /** BCP 47 language tag. */
  @IsOptional() @IsLocale() @MaxLength(35)
  locale?: string;
}

export class ChangePasswordDto {
  @IsString() @IsNotEmpty() @MaxLength(PASSWORD_MAX_LENGTH)
  currentPassword: string;

  /** At least 10 characters and not a common password. */
  @IsString() @MinLength(PASSWORD_MIN_LENGTH) @MaxLength(PASSWORD_MAX_LENGTH) @IsNotCommonPassword()
  newPassword: string;
}
