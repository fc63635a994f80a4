import { ApiProperty } from '@nestjs/swagger';

export class FailedJobDto {
  id: string;
  name: string;
  /** The error, with addresses and link tokens replaced. A job's data is never shown: it may name a recipient. */
  failedReason: string;
  attemptsMade: number;
  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  failedAt: string | null;
}

export class QueueStatusDto {
  name: string;
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  completed: number;
  @ApiProperty({ type: [FailedJobDto] })
  lastFailures: FailedJobDto[];
}

export class UnknownMailDto {
  id: string;
  /** Outbox event id (immediate mail) or `digest`. */
  sourceId: string;
  recipientId: string;
  kind: string;
  attempts: number;
  @ApiProperty({ format: 'date-time' })
  updatedAt: string;
}

export class QueuesOverviewDto {
  @ApiProperty({ type: [QueueStatusDto] })
  queues: QueueStatusDto[];
  /** Email ledger rows left `sending` by a crash: sent at most once, maybe not at all. */
  @ApiProperty({ type: [UnknownMailDto] })
  unknownMail: UnknownMailDto[];
  unknownMailCount: number;
}

export class RetriedJobDto {
  queue: string;
  id: string;
  state: string;
}
