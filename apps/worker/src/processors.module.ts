import { Injectable, Module, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryModule, DiscoveryService } from '@nestjs/core';
import {
  DigestProcessor,
  FanoutProcessor,
  NotificationEmailProcessor,
  NotificationEngineModule,
  OutboxRelay,
} from '@meridian/notifications';
import { MailProcessor } from '@meridian/mail';
import { ALL_QUEUES } from '@meridian/queue';

const PROCESSOR_METADATA = 'bullmq:processor_metadata';

/** Refuses to start a worker that would leave a queue without a processor (or give one two). */
@Injectable()
export class ProcessorCoverageCheck implements OnApplicationBootstrap {
  constructor(private readonly discovery: DiscoveryService) {}

  onApplicationBootstrap(): void {
    const served = this.discovery
      .getProviders()
      .map((wrapper) => wrapper.metatype && Reflect.getMetadata(PROCESSOR_METADATA, wrapper.metatype))
      .filter(Boolean)
      .map((metadata: { name: string }) => metadata.name);
    const missing = ALL_QUEUES.filter((queue) => !served.includes(queue));
    const doubled = served.filter((queue, index) => served.indexOf(queue) !== index);
    if (missing.length || doubled.length) {
      throw new Error(`Queue processors misconfigured: without a processor [${missing.join(', ')}], with two [${doubled.join(', ')}]`);
    }
  }
}

/**
 * Every BullMQ processor, plus the outbox relay. Loaded by the worker process, and by the api in the
 * single-process embedded default (MERIDIAN_ROLE=all).
 */
@Module({
  imports: [DiscoveryModule, NotificationEngineModule],
  providers: [MailProcessor, FanoutProcessor, NotificationEmailProcessor, DigestProcessor, OutboxRelay, ProcessorCoverageCheck],
})
export class ProcessorsModule {}
