import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Roles } from '@meridian/auth';
import { QueuesOverviewDto, RetriedJobDto } from '../dto/admin-queues.dto';
import { AdminQueuesService } from './admin-queues.service';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/queues')
@Roles('secretariat')
export class AdminQueuesController {
  constructor(private readonly queues: AdminQueuesService) {}

  /** Per queue: waiting/active/delayed/failed counts and the last failures; plus mail left `unknown` by a crash. */
  @Get()
  @ApiOkResponse({ type: QueuesOverviewDto })
  overview(): Promise<QueuesOverviewDto> {
    return this.queues.overview();
  }

  /** Puts a failed job back on its queue (audit-logged). */
  @Post(':name/jobs/:id/retry')
  @HttpCode(200)
  @ApiOkResponse({ type: RetriedJobDto })
  @ApiNotFoundResponse({ description: 'No such queue or job' })
  @ApiConflictResponse({ description: '`INVALID_TRANSITION` when the job has not failed' })
  retry(@CurrentUser() user: AuthUser, @Param('name') name: string, @Param('id') id: string): Promise<RetriedJobDto> {
    return this.queues.retry(user.id, name, id);
  }
}
