import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { MailJob, QueueName } from '@meridian/queue';
import type { Queue } from 'bullmq';

/** Queues transactional mail; the worker's MailProcessor sends it. */
@Injectable()
export class MailQueue {
  constructor(@InjectQueue(QueueName.Mail) private readonly queue: Queue<MailJob>) {}

  /** `jobId` makes a repeated enqueue of the same mail collapse (BullMQ ids may not contain ':'). */
  async enqueue(mail: MailJob, jobId: string): Promise<void> {
    await this.queue.add('send', mail, { jobId });
  }
}
