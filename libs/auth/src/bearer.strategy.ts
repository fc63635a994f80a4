import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-http-bearer';
import { AuthService } from './auth.service';
import type { AuthUser } from './auth-user';

/** Passport's bearer strategy delegating to the one authenticate() the socket handshake uses too. */
@Injectable()
export class BearerStrategy extends PassportStrategy(Strategy, 'bearer') {
  constructor(private readonly auth: AuthService) {
    super();
  }

  validate(token: string): Promise<AuthUser> {
    return this.auth.authenticate(token);
  }
}
