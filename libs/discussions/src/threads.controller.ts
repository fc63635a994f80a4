import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Public } from '@meridian/auth';
import { IdParam, PageQuery, RefParam } from '@meridian/common';
import { RequireApprovedOrganisation } from '@meridian/organisations';
import { SubscriptionDto } from '@meridian/working-groups';
import { CreateThreadDto, MarkThreadReadDto, ThreadDto, ThreadPageDto, ThreadReadDto, ThreadSubscriptionDto, ThreadWithFirstPostDto, UpdateThreadDto } from './dto/thread.dto';
import { ThreadsService } from './threads.service';

@ApiTags('discussions')
@ApiBearerAuth()
@ApiNotFoundResponse({ description: 'The group or thread does not exist or the caller may not see it' })
@Controller()
export class ThreadsController {
  constructor(private readonly threads: ThreadsService) {}

  /** Pinned first, then latest activity; `unreadCount` per thread for members. `:id` is the group's id or slug. */
  @Get('working-groups/:id/threads')
  @Public()
  @ApiOkResponse({ type: ThreadPageDto })
  list(@CurrentUser() user: AuthUser | undefined, @RefParam('Working group') groupRef: string, @Query() query: PageQuery): Promise<ThreadPageDto> {
    return this.threads.list(groupRef, user, query);
  }

  /** A new thread with its first post (active members other than observers). */
  @Post('working-groups/:id/threads')
  @RequireApprovedOrganisation()
  @ApiCreatedResponse({ type: ThreadWithFirstPostDto })
  @ApiConflictResponse({ description: '`GROUP_ARCHIVED`' })
  create(@CurrentUser() user: AuthUser, @RefParam('Working group') groupRef: string, @Body() dto: CreateThreadDto): Promise<ThreadWithFirstPostDto> {
    return this.threads.create(groupRef, user, dto);
  }

  /** An announcement (chairs and the secretariat): a thread that notifies every member at once. */
  @Post('working-groups/:id/announcements')
  @RequireApprovedOrganisation()
  @ApiCreatedResponse({ type: ThreadWithFirstPostDto })
  @ApiConflictResponse({ description: '`GROUP_ARCHIVED`' })
  announce(@CurrentUser() user: AuthUser, @RefParam('Working group') groupRef: string, @Body() dto: CreateThreadDto): Promise<ThreadWithFirstPostDto> {
    return this.threads.create(groupRef, user, dto, true);
  }

  @Get('threads/:id')
  @Public()
  get(@CurrentUser() user: AuthUser | undefined, @IdParam('Thread') id: string): Promise<ThreadDto> {
    return this.threads.get(id, user);
  }

  /** `title` (author or chair), `pinned`, `locked` (chairs). */
  @Patch('threads/:id')
  @RequireApprovedOrganisation()
  @ApiConflictResponse({ description: '`GROUP_ARCHIVED`' })
  update(@CurrentUser() user: AuthUser, @IdParam('Thread') id: string, @Body() dto: UpdateThreadDto): Promise<ThreadDto> {
    return this.threads.update(id, user, dto);
  }

  /** Chairs and the secretariat; the thread disappears for members (kept for the audit log). */
  @Delete('threads/:id')
  @HttpCode(204)
  @RequireApprovedOrganisation()
  @ApiNoContentResponse()
  async remove(@CurrentUser() user: AuthUser, @IdParam('Thread') id: string): Promise<void> {
    await this.threads.remove(id, user);
  }

  /** Moves the caller's read mark forward to `lastReadPostId`. */
  @Post('threads/:id/read')
  @HttpCode(200)
  markRead(@CurrentUser() user: AuthUser, @IdParam('Thread') id: string, @Body() dto: MarkThreadReadDto): Promise<ThreadReadDto> {
    return this.threads.markRead(id, user, dto);
  }

  /** watching: every post notifies; muted: only mentions. */
  @Put('threads/:id/subscription')
  subscribe(@CurrentUser() user: AuthUser, @IdParam('Thread') id: string, @Body() dto: SubscriptionDto): Promise<ThreadSubscriptionDto> {
    return this.threads.subscribe(id, user, dto.level);
  }
}
