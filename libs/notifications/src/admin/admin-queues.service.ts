import { getQueueToken } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { AuditService } from '@meridian/audit';
import { InvalidTransitionError, NotFoundError } from '@meridian/common';
import { withoutMailSecrets } from '@meridian/mail';
import { ALL_QUEUES, QueueName } from '@meridian/queue';
import type { Job, Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import type { QueuesOverviewDto, QueueStatusDto, RetriedJobDto } from '../dto/admin-queues.dto';
import { NotificationRepository } from '../notification.repository';

const LAST_FAILURES = 10;

/**
 * What admins and the secretariat see of the queues: counts, recent failures (job id, name, attempts and the error
 * without addresses or link tokens, never the job's data), mail of unknown fate; retry.
 */
@Injectable()
export class AdminQueuesService {
  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly repository: NotificationRepository,
    private readonly audit: AuditService,
    private readonly dataSource: DataSource,
  ) {}

  private queue(name: string): Queue {
    if (!(ALL_QUEUES as string[]).includes(name)) throw new NotFoundError('Queue');
    return this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
  }

  async overview(): Promise<QueuesOverviewDto> {
    const queues = await Promise.all(ALL_QUEUES.map((name) => this.status(name)));
    const [unknownMail, unknownMailCount] = await Promise.all([this.repository.unknownLedgerRows(), this.repository.countUnknownLedgerRows()]);
    return { queues, unknownMail: unknownMail.map((row) => ({ ...row, updatedAt: new Date(row.updatedAt).toISOString() })), unknownMailCount };
  }

  private async status(name: QueueName): Promise<QueueStatusDto> {
    const queue = this.queue(name);
    const [counts, failed] = await Promise.all([queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed'), queue.getFailed(0, LAST_FAILURES - 1)]);
    return {
      name,
      waiting: counts.waiting ?? 0,
      active: counts.active ?? 0,
      delayed: counts.delayed ?? 0,
      failed: counts.failed ?? 0,
      completed: counts.completed ?? 0,
      lastFailures: failed.filter(Boolean).map((job: Job) => ({
        id: String(job.id),
        name: job.name,
        failedReason: withoutMailSecrets(job.failedReason ?? ''),
        attemptsMade: job.attemptsMade,
        failedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
      })),
    };
  }

  async retry(actorId: string, name: string, id: string): Promise<RetriedJobDto> {
    const queue = this.queue(name);
    const job = await queue.getJob(id);
    if (!job) throw new NotFoundError('Job');
    const state = await job.getState();
    if (state !== 'failed') throw new InvalidTransitionError('job', state, 'retry');
    // Another admin (or BullMQ) may have moved the job since getState(): that is a conflict, not a server error.
    await job.retry('failed').catch(() => {
      throw new InvalidTransitionError('job', 'no longer failed', 'retry');
    });
    await this.dataSource.transaction((manager) =>
      this.audit.record(manager, { actorId, action: 'queue.job_retry', targetType: 'queue_job', targetId: `${name}/${id}`, before: { state } }),
    );
    return { queue: name, id, state: await job.getState() };
  }
}
