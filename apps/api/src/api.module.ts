import { DynamicModule, Module } from '@nestjs/common';
import { AuditModule } from '@meridian/audit';
import { AuditLogHttpModule } from '@meridian/audit-log';
import { AUTH_THROTTLER, AuthHttpModule, AuthModule, IdentityMailModule, WRITE_THROTTLER } from '@meridian/auth';
import { RateLimitModule } from '@meridian/common';
import { MailModule } from '@meridian/mail';
import { NotificationsModule, NotificationsWorkerModule } from '@meridian/notifications';
import { OutboxModule } from '@meridian/outbox';
import { OrganisationsHttpModule, OrganisationsModule } from '@meridian/organisations';
import { RealtimeModule } from '@meridian/realtime';
import { CoreModule, ResolvedConfig } from '@meridian/runtime';
import { SeedModule } from '@meridian/seed';
import { TaxonomyHttpModule, TaxonomyModule } from '@meridian/taxonomy';
import { DiscussionsHttpModule, DiscussionsModule } from '@meridian/discussions';
import { WorkingGroupsHttpModule, WorkingGroupsModule } from '@meridian/working-groups';
import { DEMO_SEED_STEP_MODULES } from './demo-seed-steps';
import { HealthModule } from './health/health.module';

/** Assembles the HTTP + socket.io process. With MERIDIAN_ROLE=all it also runs every queue processor. */
@Module({})
export class ApiModule {
  static register(config: ResolvedConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        CoreModule.forRoot(config),
        TaxonomyModule,
        RateLimitModule.forRoot({
          redisUrl: config.redisUrl,
          keyPrefix: `${config.queuePrefix}:throttle:`,
          throttlers: [
            { name: AUTH_THROTTLER, ttl: config.authRateLimit.windowSeconds * 1000, limit: config.authRateLimit.limit },
            { name: WRITE_THROTTLER, ttl: config.writeRateLimit.windowSeconds * 1000, limit: config.writeRateLimit.userLimit },
          ],
        }),
        AuditModule,
        OutboxModule,
        MailModule,
        AuthModule,
        AuthHttpModule,
        OrganisationsModule,
        OrganisationsHttpModule,
        AuditLogHttpModule,
        TaxonomyHttpModule,
        RealtimeModule.forApi(),
        NotificationsModule,
        WorkingGroupsModule,
        WorkingGroupsHttpModule,
        DiscussionsModule,
        DiscussionsHttpModule,
        HealthModule,
        SeedModule,
        ...DEMO_SEED_STEP_MODULES,
        ...(config.role === 'all' ? [IdentityMailModule, NotificationsWorkerModule] : []),
      ],
    };
  }
}
