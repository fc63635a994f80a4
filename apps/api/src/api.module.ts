import { DynamicModule, Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { AuditModule } from '@meridian/audit';
import { AuditLogModule } from '@meridian/audit-log';
import { AuthModule, IdentityModule } from '@meridian/auth';
import { MailModule } from '@meridian/mail';
import { NotificationsModule } from '@meridian/notifications';
import { OutboxModule } from '@meridian/outbox';
import { NetworkMembershipModule, OrganisationsModule } from '@meridian/organisations';
import { RealtimeModule } from '@meridian/realtime';
import { CoreModule, ResolvedConfig } from '@meridian/runtime';
import { SeedModule } from '@meridian/seed';
import { TaxonomyApiModule } from '@meridian/taxonomy';
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
        IdentityModule,
        NetworkMembershipModule,
        OrganisationsModule,
        AuditLogModule,
        TaxonomyApiModule,
        RealtimeModule.forApi(),
        NotificationsModule,
        WorkingGroupsModule,
        DiscussionsModule,
        HealthModule,
        SeedModule,
        ...(config.role === 'all' ? [ProcessorsModule] : []),
      ],
    };
  }
}
