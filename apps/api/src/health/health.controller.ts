import { InjectQueue } from '@nestjs/bullmq';
import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { TypeOrmHealthIndicator } from '@nestjs/terminus';
import { SkipThrottle } from '@nestjs/throttler';
import { Public } from '@meridian/auth';
import { QueueName } from '@meridian/queue';
import type { Queue } from 'bullmq';
import type { FastifyReply } from 'fastify';
import { CheckState, HealthDto } from './health.dto';


const within = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref())]);

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly database: TypeOrmHealthIndicator,
    @InjectQueue(QueueName.Mail) private readonly queue: Queue,
  ) {}

  /** Liveness and readiness: PostgreSQL answers and the queue backend answers. */
  @Get()
  @Public()
  @SkipThrottle()
  @HttpCode(200)
  @ApiOkResponse({ type: HealthDto })
  @ApiServiceUnavailableResponse({ type: HealthDto, description: 'A dependency is down (this body is not the error envelope)' })
  async check(@Res({ passthrough: true }) response: FastifyReply): Promise<HealthDto> {
    const [database, queue] = await Promise.all([
      this.database.pingCheck('database', { timeout: 2000 }).then((result) => result.database.status as CheckState),
      this.probe(() => within(this.queue.getJobCounts('waiting'), 2000)),
    ]);
    const healthy = database === 'up' && queue === 'up';
    if (!healthy) response.status(503);
    return { status: healthy ? 'ok' : 'error', checks: { database, queue } };
  }

  private async probe(check: () => Promise<unknown>): Promise<CheckState> {
    try {
      await check();
      return 'up';
    } catch {
      return 'down';
    }
  }
}
