import { Injectable } from '@nestjs/common';
import { AuditService } from '@meridian/audit';
import { AuthUser, isSecretariat } from '@meridian/auth';
import { decodeCursor, NotFoundError, Page, PageQuery, renderMarkdown, toPage, UnprocessableError } from '@meridian/common';
import { Transaction, Transactions } from '@meridian/database';
import { OutboxService } from '@meridian/outbox';
import { RealtimePublisher, rooms } from '@meridian/realtime';
import {
  assertCanModerate, assertCanPost, assertContentVisible, assertNotArchived, GroupAccessFacts, SubscriptionLevel, WorkingGroupsService,
} from '@meridian/working-groups';
import { CreateThreadDto, MarkThreadReadDto, ThreadDto, ThreadReadDto, ThreadSubscriptionDto, ThreadWithFirstPostDto, UpdateThreadDto } from './dto/thread.dto';
import { toPostDto, toThreadDto } from './discussion.mapper';
import { assertAuthorOrModerator } from './discussion-permissions';
import { extractMentionHandles } from './mentions';
import { DiscussionsRepository, ThreadRow } from './discussions.repository';

/** A visible thread and what the rules need to know about the caller in its group. */
export interface ThreadContext {
  thread: ThreadRow;
  facts: GroupAccessFacts;
}

@Injectable()
export class ThreadsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly discussions: DiscussionsRepository,
    private readonly workingGroups: WorkingGroupsService,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly realtime: RealtimePublisher,
  ) {}

  /** The thread if the caller may read it; 404 (naming `resource`) otherwise. */
  async resolve(threadId: string, user: AuthUser | null | undefined, resource = 'Thread', tx?: Transaction): Promise<ThreadContext> {
    const thread = await this.discussions.findThread(threadId, user ?? null, tx);
    if (!thread) throw new NotFoundError(resource);
    return {
      thread,
      facts: { status: thread.groupStatus, myRole: thread.myRole, myState: thread.myState, secretariat: isSecretariat(user), contentVisible: true },
    };
  }

  async list(groupRef: string, user: AuthUser | undefined, query: PageQuery): Promise<Page<ThreadDto>> {
    const { group, facts } = await this.workingGroups.resolve(groupRef, user);
    assertContentVisible(facts);
    const after = decodeCursor(query.cursor, ['boolean', 'timestamp', 'uuid']) as [boolean, string, string] | undefined;
    const rows = await this.discussions.listThreads(group.id, user ?? null, query.limit, after);
    return toPage(rows, query.limit, (row) => [row.pinned, row.activityKey, row.id], toThreadDto);
  }

  async get(threadId: string, user: AuthUser | undefined): Promise<ThreadDto> {
    return toThreadDto((await this.resolve(threadId, user)).thread);
  }

  /** A thread with its first post; announcements (chairs and secretariat) notify every member. */
  async create(groupRef: string, user: AuthUser, dto: CreateThreadDto, announcement = false): Promise<ThreadWithFirstPostDto> {
    const { group, facts } = await this.workingGroups.resolve(groupRef, user);
    assertContentVisible(facts);
    if (announcement) assertCanModerate(facts);
    else assertCanPost(facts);
    assertNotArchived(facts);
    const bodyHtml = renderMarkdown(dto.body);
    const { threadId, firstPost } = await this.transactions.run(async (tx) => {
      const threadId = await this.discussions.insertThread(tx, { workingGroupId: group.id, title: dto.title, authorId: user.id, isAnnouncement: announcement });
      const seq = await this.discussions.nextSeq(tx, threadId, true);
      if (seq === undefined) throw new Error('A thread just created could not number its first post');
      const firstPost = await this.discussions.insertPost(tx, { threadId, seq, parentId: null, authorId: user.id, body: dto.body, bodyHtml });
      const postId = firstPost.id;
      await this.discussions.recordOwnPost(tx, user.id, threadId, seq);
      const mentioned = await this.discussions.addMentions(
        tx, postId, await this.discussions.resolveMentions(tx, group.id, extractMentionHandles(dto.body), user.id),
      );
      const created = { threadId, workingGroupId: group.id, postId, authorId: user.id, title: dto.title };
      await this.outbox.record(tx, announcement ? { type: 'group.announcement', payload: created, actorId: user.id } : { type: 'thread.created', payload: created, actorId: user.id });
      if (mentioned.length) {
        await this.outbox.record(tx, {
          type: 'post.mentioned', payload: { postId, threadId, workingGroupId: group.id, authorId: user.id, mentionedUserIds: mentioned }, actorId: user.id,
        });
      }
      return { threadId, firstPost };
    });
    const thread = await this.get(threadId, user);
    this.realtime.emit([rooms.group(group.id)], 'thread.created', { workingGroupId: group.id, thread: { ...thread } });
    return { ...thread, firstPost: toPostDto(firstPost) };
  }

  /** Title: the author or a chair; pinned and locked: chairs and the secretariat. */
  async update(threadId: string, user: AuthUser, dto: UpdateThreadDto): Promise<ThreadDto> {
    const { thread, facts } = await this.resolve(threadId, user);
    if (dto.pinned !== undefined || dto.locked !== undefined) assertCanModerate(facts);
    if (dto.title !== undefined) assertAuthorOrModerator(facts, thread.authorId, user.id, 'Only the author and the chairs can rename a thread');
    assertNotArchived(facts);
    await this.transactions.run(async (tx) => {
      await this.discussions.updateThread(tx, thread.id, dto);
      if (facts.secretariat && thread.authorId !== user.id) {
        await this.audit.record(tx, {
          actorId: user.id, action: 'thread.update', targetType: 'thread', targetId: thread.id,
          before: { title: thread.title, pinned: thread.pinned, locked: thread.locked }, after: { ...dto },
        });
      }
    });
    const updated = await this.get(thread.id, user);
    this.realtime.emit([rooms.group(thread.workingGroupId)], 'thread.updated', { workingGroupId: thread.workingGroupId, thread: { ...updated } });
    return updated;
  }

  /** Chairs and the secretariat: the thread disappears for members; the row stays (and the audit log says who). */
  async remove(threadId: string, user: AuthUser): Promise<void> {
    const { thread, facts } = await this.resolve(threadId, user);
    assertCanModerate(facts);
    assertNotArchived(facts);
    await this.transactions.run(async (tx) => {
      await this.discussions.softDeleteThread(tx, thread.id, user.id);
      if (facts.secretariat) {
        await this.audit.record(tx, {
          actorId: user.id, action: 'thread.delete', targetType: 'thread', targetId: thread.id,
          before: { title: thread.title, workingGroupId: thread.workingGroupId, authorId: thread.authorId },
        });
      }
    });
    this.realtime.emit([rooms.group(thread.workingGroupId)], 'thread.updated', {
      workingGroupId: thread.workingGroupId,
      thread: { ...toThreadDto(thread), deleted: true },
    });
    // Nobody reads a deleted thread: its room is emptied on every instance (subscribing again answers NOT_FOUND).
    await this.realtime.closeRoom(rooms.thread(thread.id));
  }

  async markRead(threadId: string, user: AuthUser, dto: MarkThreadReadDto): Promise<ThreadReadDto> {
    const { thread } = await this.resolve(threadId, user);
    const post = await this.discussions.findPostInThread(thread.id, dto.lastReadPostId);
    if (!post) throw new UnprocessableError('lastReadPostId is not a post of this thread');
    const state = await this.transactions.run((tx) => this.discussions.markThreadRead(tx, user.id, thread.id, post.seq));
    const lastReadPostId = state.lastReadSeq === post.seq ? post.id : await this.discussions.findPostIdBySeq(thread.id, state.lastReadSeq);
    return { threadId: thread.id, lastReadPostId, unreadCount: state.unreadCount };
  }

  async subscribe(threadId: string, user: AuthUser, level: SubscriptionLevel): Promise<ThreadSubscriptionDto> {
    const { thread } = await this.resolve(threadId, user);
    await this.discussions.saveThreadSubscription(user.id, thread.id, level);
    return { threadId: thread.id, level };
  }
}
