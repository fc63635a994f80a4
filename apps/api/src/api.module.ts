import { DynamicModule, Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { AuditModule } from '@meridian/audit';
import { AuthModule } from '@meridian/auth';
import { MailModule, OutboxModule } from '@meridian/notifications';
import { NetworkMembershipModule } from '@meridian/organisations';
import { RealtimeModule } from '@meridian/realtime';
import { CoreModule, ResolvedConfig } from '@meridian/runtime';
import { SeedModule } from '@meridian/seed';
import { ProcessorsModule } from '../../worker/src/processors.module';
import { DiscussionsModule } from '@meridian/discussions';
import { WorkingGroupsModule } from '@meridian/working-groups';
import { HealthModule } from './health/health.module';

/** Assembles the HTTP + socket.io process. With MERIDIAN_ROLE=all it also runs every queue processor. */
@Module({})
export class ApiModule {
  static register(config: ResolvedConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        CoreModule.forRoot(config),
        ThrottlerModule.forRoot({
          throttlers: [{ name: 'auth', ttl: config.authRateLimit.windowSeconds * 1000, limit: config.authRateLimit.limit }],
          // Options, not a client: a passed-in ioredis client is never closed (STACK.md pitfall 5).
          storage: config.redisUrl ? new ThrottlerStorageRedisService(config.redisUrl, { keyPrefix: `${config.queuePrefix}:throttle:` }) : undefined,
        }),
        AuditModule,
        OutboxModule,
        MailModule,
        AuthModule,
        NetworkMembershipModule,
        RealtimeModule.forApi(),
        WorkingGroupsModule,
        DiscussionsModule,
        HealthModule,
        SeedModule,
        ...(config.role === 'all' ? [ProcessorsModule] : []),
      ],
    };
  }
}
