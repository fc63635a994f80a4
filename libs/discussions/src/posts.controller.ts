import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Public } from '@meridian/auth';
import { ApiErrors, IdParam, PageQuery } from '@meridian/common';
import { RequireApprovedOrganisation } from '@meridian/organisations';
import { CreatePostDto, ListPostsQuery, PostDto, PostHistoryDto, PostPageDto, REACTION_EMOJIS, UpdatePostDto } from './dto/post.dto';
import { PostsService } from './posts.service';

@ApiTags('discussions')
@ApiBearerAuth()
@ApiNotFoundResponse({ description: 'The thread or post does not exist or the caller may not see it' })
@Controller()
export class PostsController {
  constructor(private readonly posts: PostsService) {}

  /** Oldest first; `cursor` from the previous page, or `after=<postId>` to catch up after a reconnect. */
  @Get('threads/:id/posts')
  @Public()
  @ApiOkResponse({ type: PostPageDto })
  list(@CurrentUser() user: AuthUser | undefined, @IdParam('Thread') threadId: string, @Query() query: ListPostsQuery): Promise<PostPageDto> {
    return this.posts.list(threadId, user, query);
  }

  /** A reply (`parentId`) or a new post; `@handle` mentions notify users who can see the thread. */
  @Post('threads/:id/posts')
  @RequireApprovedOrganisation()
  @ApiCreatedResponse({ type: PostDto })
  @ApiConflictResponse({ description: '`THREAD_LOCKED`, `GROUP_ARCHIVED`' })
  create(@CurrentUser() user: AuthUser, @IdParam('Thread') threadId: string, @Body() dto: CreatePostDto): Promise<PostDto> {
    return this.posts.create(threadId, user, dto);
  }

  /** The author or a chair; the earlier text is kept in the history. */
  @Patch('posts/:id')
  @RequireApprovedOrganisation()
  @ApiConflictResponse({ description: '`THREAD_LOCKED`, `GROUP_ARCHIVED`' })
  update(@CurrentUser() user: AuthUser, @IdParam('Post') id: string, @Body() dto: UpdatePostDto): Promise<PostDto> {
    return this.posts.update(id, user, dto);
  }

  /** The author or a chair; leaves a tombstone `{id, deleted: true, bodyHtml: null, author: null}`. */
  @Delete('posts/:id')
  @HttpCode(204)
  @RequireApprovedOrganisation()
  @ApiNoContentResponse()
  async remove(@CurrentUser() user: AuthUser, @IdParam('Post') id: string): Promise<void> {
    await this.posts.remove(id, user);
  }

  /** Earlier versions, newest first (the author, chairs, secretariat); never public, so anonymous callers get 404. */
  @Get('posts/:id/history')
  @Public()
  @ApiOkResponse({ type: PostHistoryDto })
  @ApiErrors({ 403: '`FORBIDDEN`: only the author, the chairs and the secretariat see earlier versions' })
  history(@CurrentUser() user: AuthUser | undefined, @IdParam('Post') id: string, @Query() query: PageQuery): Promise<PostHistoryDto> {
    return this.posts.history(id, user, query);
  }

  /** Adds the caller's reaction (repeating is a no-op); answers the post with its `reactions`. */
  @Post('posts/:id/reactions/:emoji')
  @HttpCode(200)
  @RequireApprovedOrganisation()
  @ApiParam({ name: 'emoji', enum: REACTION_EMOJIS, description: 'URL-encoded' })
  react(@CurrentUser() user: AuthUser, @IdParam('Post') id: string, @Param('emoji') emoji: string): Promise<PostDto> {
    return this.posts.react(id, user, emoji, true);
  }

  /** Removes the caller's reaction (removing an absent one is a no-op); answers the post with its `reactions`. */
  @Delete('posts/:id/reactions/:emoji')
  @HttpCode(200)
  @RequireApprovedOrganisation()
  @ApiParam({ name: 'emoji', enum: REACTION_EMOJIS, description: 'URL-encoded' })
  unreact(@CurrentUser() user: AuthUser, @IdParam('Post') id: string, @Param('emoji') emoji: string): Promise<PostDto> {
    return this.posts.react(id, user, emoji, false);
  }
}
