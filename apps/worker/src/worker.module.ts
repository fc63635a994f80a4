import { DynamicModule, Module } from '@nestjs/common';
import { AuditModule } from '@meridian/audit';
import { IdentityMailModule } from '@meridian/auth';
import { MailModule } from '@meridian/mail';
import { NotificationsWorkerModule } from '@meridian/notifications';
import { OutboxModule } from '@meridian/outbox';
import { RealtimeModule } from '@meridian/realtime';
import { CoreModule, ResolvedConfig } from '@meridian/runtime';
import { TaxonomyModule } from '@meridian/taxonomy';

@Module({})
export class WorkerModule {
  static register(config: ResolvedConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [CoreModule.forRoot(config), TaxonomyModule, AuditModule, OutboxModule, MailModule, IdentityMailModule, RealtimeModule.forWorker(), NotificationsWorkerModule],
    };
  }
}
