import { Injectable, Module, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryModule, DiscoveryService } from '@nestjs/core';
import { ALL_QUEUES } from './queues';

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

/** Imported by whatever assembles a process's processors: the boot fails unless every queue has exactly one. */
@Module({ imports: [DiscoveryModule], providers: [ProcessorCoverageCheck] })
export class ProcessorCoverageModule {}
