import { DynamicModule, Module } from '@nestjs/common';
import { AuditModule } from '@meridian/audit';
import { MailModule } from '@meridian/mail';
import { OutboxModule } from '@meridian/outbox';
import { RealtimeModule } from '@meridian/realtime';
import { CoreModule, ResolvedConfig } from '@meridian/runtime';
import { ProcessorsModule } from './processors.module';

@Module({})
export class WorkerModule {
  static register(config: ResolvedConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [CoreModule.forRoot(config), AuditModule, OutboxModule, MailModule, RealtimeModule.forWorker(), ProcessorsModule],
    };
  }
}
