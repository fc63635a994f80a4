import { registerDecorator, ValidationOptions } from 'class-validator';

export const PASSWORD_MIN_LENGTH = 10;
/** argon2 hashes whatever it is given: cap the input so a 1 MB "password" is a 400, not a CPU burn. */
export const PASSWORD_MAX_LENGTH = 256;

/**
 * A small list of common passwords that meet the length rule (shorter ones fail it anyway), compared
 * case-insensitively. Not a breach corpus: enough to stop the obvious choices (DESIGN.md §14).
 */
const COMMON_PASSWORDS = new Set([
  '1234567890', '12345678910', '123456789012', '0123456789', '0987654321', '1111111111', '0000000000', '1234512345',
  '1q2w3e4r5t', '1qaz2wsx3edc', 'qwertyuiop', 'qwerty12345', 'qwerty123456', 'qwertyuiop123', 'asdfghjkl1', 'asdfghjkl;',
  'zxcvbnm123', 'abcdefghij', 'abcd123456', 'abc1234567', 'a1b2c3d4e5', 'password12', 'password123', 'password1234',
  'password12345', 'password01', 'passw0rd123', 'p@ssw0rd123', 'p@ssword123', 'iloveyou12', 'iloveyou123',
  'letmein123', 'welcome123', 'welcome1234', 'changeme123', 'administrator', 'admin12345', 'admin123456', 'superman123',
  'football123', 'baseball123', 'princess123', 'sunshine123', 'trustno1234', 'starwars123', 'monkey12345', 'dragon12345',
  'master12345', 'michael123', 'basketball', 'basketball1', 'football12', 'liverpool1', 'chocolate1', 'computer12',
  'whatever12', 'qazwsxedcr', 'qazwsxedc123', 'mustang123', 'shadow1234', 'jordan2323', 'pokemon123', 'samsung123',
  'internet123', 'secret1234', 'letmein1234', 'test123456', 'testing123', 'aaaaaaaaaa', 'meridian123', 'meridian2026',
  'migration123', 'correcthorse', 'correcthorsebatterystaple', 'passwordpassword', 'qwertyqwerty', 'asdfasdfasdf',
]);

/** Why a new password is not acceptable, or undefined when it is. One rule set for the DTOs and the CLI. */
export function passwordProblem(password: unknown): string | undefined {
  if (typeof password !== 'string') return 'password must be a string';
  if (password.length < PASSWORD_MIN_LENGTH) return `password must be at least ${PASSWORD_MIN_LENGTH} characters`;
  if (password.length > PASSWORD_MAX_LENGTH) return `password must be at most ${PASSWORD_MAX_LENGTH} characters`;
  if (isCommonPassword(password)) return 'password is too common; choose another';
  return undefined;
}

export function isCommonPassword(password: string): boolean {
  return COMMON_PASSWORDS.has(password.toLowerCase());
}

/** class-validator rule: not on the common-password list (length is checked by @MinLength/@MaxLength beside it). */
export function IsNotCommonPassword(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isNotCommonPassword',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || !isCommonPassword(value),
        defaultMessage: (args) => `${args?.property ?? 'password'} is too common; choose another`,
      },
    });
}
