import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { APP_CONFIG, AppConfig } from '@meridian/config';
import { BearerAuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { BearerStrategy } from './bearer.strategy';
import { PasswordService } from './password.service';
import { JWT_SECRET, TokenService } from './token.service';

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
    AuthService,
    BearerStrategy,
    { provide: APP_GUARD, useClass: BearerAuthGuard },
  ],
  exports: [AuthService, TokenService, PasswordService],
})
export class AuthModule {}
