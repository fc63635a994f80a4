import { Global, Module } from '@nestjs/common';
import { RoomAuthorizer } from '@meridian/realtime';
import { GroupThreadActivity, WorkingGroupsModule } from '@meridian/working-groups';
import { DiscussionActivity } from './discussion-activity';
import { DiscussionsRepository } from './discussions.repository';
import { DiscussionsRoomAuthorizer } from './discussions-room-authorizer';
import { PostsController } from './posts.controller';
import { PostsService } from './posts.service';
import { ThreadsController } from './threads.controller';
import { ThreadsService } from './threads.service';
import { UserDirectoryController } from './user-directory.controller';
import { UserDirectoryService } from './user-directory.service';

/**
 * Threads, posts, reactions, read states. Global so the realtime gateway can inject RoomAuthorizer and the
 * working-groups lib its GroupThreadActivity.
 */
@Global()
@Module({
  imports: [WorkingGroupsModule],
  providers: [
    DiscussionsRepository,
    ThreadsService,
    PostsService,
    UserDirectoryService,
    { provide: GroupThreadActivity, useClass: DiscussionActivity },
    { provide: RoomAuthorizer, useClass: DiscussionsRoomAuthorizer },
  ],
  exports: [GroupThreadActivity, RoomAuthorizer, ThreadsService, PostsService, UserDirectoryService],
})
export class DiscussionsModule {}

/** `/working-groups/:id/threads`, `/threads…`, `/posts…`, `/users` (the api process only). */
@Module({ imports: [DiscussionsModule], controllers: [ThreadsController, PostsController, UserDirectoryController] })
export class DiscussionsHttpModule {}
