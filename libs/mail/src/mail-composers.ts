import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { MAIL_KINDS, MailJob, MailKind } from '@meridian/queue';
import { ComposedMail, MAIL_COMPOSER, MailComposer } from './mail-composer';

/** Every provider of MAIL_COMPOSER, by the kinds it composes; checked at boot. */
@Injectable()
export class MailComposers implements OnApplicationBootstrap {
  private readonly byKind = new Map<MailKind, MailComposer>();

  constructor(private readonly discovery: DiscoveryService) {}

  onApplicationBootstrap(): void {
    const composers = this.discovery
      .getProviders()
      .filter((wrapper) => wrapper.token === MAIL_COMPOSER && wrapper.instance)
      .map((wrapper) => wrapper.instance as MailComposer);
    const doubled: MailKind[] = [];
    for (const composer of composers) {
      for (const kind of composer.kinds) {
        if (this.byKind.has(kind)) doubled.push(kind);
        this.byKind.set(kind, composer);
      }
    }
    const missing = MAIL_KINDS.filter((kind) => !this.byKind.has(kind));
    if (missing.length || doubled.length) {
      throw new Error(`Mail composers misconfigured: without a composer [${missing.join(', ')}], with two [${doubled.join(', ')}]`);
    }
  }

  compose(job: MailJob): Promise<ComposedMail | null> {
    const composer = this.byKind.get(job.kind);
    if (!composer) throw new Error(`No mail composer for kind "${job.kind}"`);
    return composer.compose(job);
  }
}
