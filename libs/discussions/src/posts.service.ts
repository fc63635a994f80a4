import { Injectable } from '@nestjs/common';
import { AuditService } from '@meridian/audit';
import type { AuthUser } from '@meridian/auth';
import { ConflictError, decodeCursor, ForbiddenError, InvalidFieldError, NotFoundError, Page, PageQuery, renderMarkdown, toPage, UnprocessableError } from '@meridian/common';
import { OutboxService } from '@meridian/outbox';
import { RealtimePublisher, rooms } from '@meridian/realtime';
import { assertCanPost, assertNotArchived, canModerate, isActiveMember } from '@meridian/working-groups';
import { DataSource } from 'typeorm';
import { CreatePostDto, ListPostsQuery, PostDto, PostRevisionDto, REACTION_EMOJIS, UpdatePostDto } from './dto/post.dto';
import { extractMentionHandles, toPostDto } from './discussion-mappers';
import { DiscussionsRepository, ThreadRow } from './discussions.repository';
import { ThreadContext, ThreadsService } from './threads.service';

/** Variation selectors are optional when matching the allow-list ("❤" and "❤️" are the same reaction). */
const bare = (emoji: string) => emoji.replace(/\uFE0F/g, '');
const EMOJI_BY_BARE = new Map<string, string>(REACTION_EMOJIS.map((emoji) => [bare(emoji), emoji]));

export function canonicalEmoji(emoji: string): string {
  const canonical = EMOJI_BY_BARE.get(bare(emoji.normalize('NFC')));
  if (!canonical) throw new InvalidFieldError('emoji', `emoji must be one of ${REACTION_EMOJIS.join(' ')}`);
  return canonical;
}

interface PostContext extends ThreadContext {
  postId: string;
  authorId: string | null;
}

@Injectable()
export class PostsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly discussions: DiscussionsRepository,
    private readonly threads: ThreadsService,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly realtime: RealtimePublisher,
  ) {}

  /** Oldest first, keyset on seq: a page costs the same at post 20 and at post 50,000. */
  async list(threadId: string, user: AuthUser | undefined, query: ListPostsQuery): Promise<Page<PostDto>> {
    const { thread } = await this.threads.resolve(threadId, user);
    let afterSeq = 0;
    if (query.cursor !== undefined) {
      [afterSeq] = decodeCursor(query.cursor, ['integer']) as [number];
    } else if (query.after) {
      const post = await this.discussions.findPostInThread(thread.id, query.after);
      if (!post) throw new InvalidFieldError('after', 'after must be a post of this thread');
      afterSeq = post.seq;
    }
    const rows = await this.discussions.listPosts(thread.id, user?.id ?? null, afterSeq, query.limit);
    return toPage(rows, query.limit, (row) => [row.seq], toPostDto);
  }

  /** Observers → 403; locked thread → 409 THREAD_LOCKED (chairs may still post); archived group → 409 GROUP_ARCHIVED. */
  async create(threadId: string, user: AuthUser, dto: CreatePostDto): Promise<PostDto> {
    const { thread, facts } = await this.threads.resolve(threadId, user);
    assertCanPost(facts);
    assertNotArchived(facts);
    const moderator = canModerate(facts);
    if (thread.locked && !moderator) throw threadLocked();
    const bodyHtml = renderMarkdown(dto.body);
    const row = await this.dataSource.transaction(async (manager) => {
      const parent = dto.parentId ? await this.discussions.findPostInThread(thread.id, dto.parentId, manager) : undefined;
      if (dto.parentId && !parent) throw new UnprocessableError('parentId is not a post of this thread');
      const seq = await this.discussions.nextSeq(manager, thread.id, moderator);
      if (seq === undefined) throw threadLocked();
      const inserted = await this.discussions.insertPost(manager, { threadId: thread.id, seq, parentId: parent?.id ?? null, authorId: user.id, body: dto.body, bodyHtml });
      const postId = inserted.id;
      await this.discussions.recordOwnPost(manager, user.id, thread.id, seq);
      const mentioned = await this.discussions.addMentions(
        manager, postId, await this.discussions.resolveMentions(manager, thread.working_group_id, extractMentionHandles(dto.body), user.id),
      );
      await this.outbox.record(manager, {
        type: 'post.created',
        payload: {
          postId, threadId: thread.id, workingGroupId: thread.working_group_id, authorId: user.id,
          parentPostId: parent?.id ?? null, parentAuthorId: parent?.author_id ?? null, mentionedUserIds: mentioned,
        },
        actorId: user.id,
      });
      return inserted;
    });
    // Emitted straight after the commit from what the insert answered: nothing is read in between.
    const post = toPostDto(row);
    this.realtime.emit(threadRooms(thread), 'post.created', { threadId: thread.id, post: { ...post } });
    return post;
  }

  /** Author or chair; the replaced text goes to the history; newly mentioned users are notified. */
  async update(postId: string, user: AuthUser, dto: UpdatePostDto): Promise<PostDto> {
    const context = await this.resolveLivePost(postId, user);
    const { thread, facts } = context;
    const isAuthor = this.assertAuthorOrModerator(context, user);
    assertNotArchived(facts);
    if (thread.locked && !canModerate(facts)) throw threadLocked();
    const bodyHtml = renderMarkdown(dto.body);
    await this.dataSource.transaction(async (manager) => {
      const current = await this.discussions.lockPost(manager, postId);
      if (!current || current.deleted) throw new NotFoundError('Post');
      if (current.body === dto.body) return;
      await this.discussions.editPost(manager, postId, user.id, dto.body, bodyHtml);
      const resolved = await this.discussions.resolveMentions(manager, thread.working_group_id, extractMentionHandles(dto.body), context.authorId ?? user.id);
      const added = await this.discussions.addMentions(manager, postId, resolved);
      if (added.length) {
        await this.outbox.record(manager, {
          type: 'post.mentioned',
          payload: { postId, threadId: thread.id, workingGroupId: thread.working_group_id, authorId: context.authorId ?? user.id, mentionedUserIds: added },
          actorId: user.id,
        });
      }
      if (facts.secretariat && !isAuthor) {
        await this.audit.record(manager, { actorId: user.id, action: 'post.edit', targetType: 'post', targetId: postId, before: { body: current.body }, after: { body: dto.body } });
      }
    });
    const post = await this.findPost(postId, user.id);
    this.realtime.emit(threadRooms(thread), 'post.updated', { threadId: thread.id, post: { ...post } });
    return post;
  }

  /** Leaves a tombstone that keeps the post's place and its replies. */
  async remove(postId: string, user: AuthUser): Promise<void> {
    const context = await this.resolveLivePost(postId, user);
    const { thread, facts } = context;
    const isAuthor = this.assertAuthorOrModerator(context, user);
    assertNotArchived(facts);
    if (thread.locked && !canModerate(facts)) throw threadLocked();
    await this.dataSource.transaction(async (manager) => {
      if (!(await this.discussions.softDeletePost(manager, postId, thread.id, user.id))) throw new NotFoundError('Post');
      if (facts.secretariat && !isAuthor) {
        await this.audit.record(manager, { actorId: user.id, action: 'post.delete', targetType: 'post', targetId: postId, before: { threadId: thread.id, authorId: context.authorId } });
      }
    });
    this.realtime.emit(threadRooms(thread), 'post.deleted', { threadId: thread.id, postId });
  }

  /** Earlier versions, newest first: the author, chairs and the secretariat (anonymous callers get 404: never public). */
  async history(postId: string, user: AuthUser | undefined, query: PageQuery): Promise<Page<PostRevisionDto>> {
    if (!user) throw new NotFoundError('Post history');
    const context = await this.resolveLivePost(postId, user);
    this.assertAuthorOrModerator(context, user, 'Only the author, the chairs and the secretariat see earlier versions');
    let before: number | undefined;
    if (query.cursor !== undefined) {
      [before] = decodeCursor(query.cursor, ['integer']) as [number];
    }
    const rows = await this.discussions.listRevisions(postId, query.limit, before);
    return toPage(rows, query.limit, (row) => [row.version], (row) => ({
      version: row.version,
      body: row.body,
      bodyHtml: row.body_html,
      writtenAt: new Date(row.written_at).toISOString(),
      replacedAt: new Date(row.replaced_at).toISOString(),
      replacedById: row.replaced_by_id,
    }));
  }

  /** Adding twice or removing what is not there changes nothing; answers the post with its reactions. */
  async react(postId: string, user: AuthUser, rawEmoji: string, add: boolean): Promise<PostDto> {
    const emoji = canonicalEmoji(rawEmoji);
    const { thread, facts } = await this.resolveLivePost(postId, user);
    if (!facts.secretariat && !isActiveMember(facts)) throw new ForbiddenError('Only members of this group can react');
    assertNotArchived(facts);
    if (add) await this.discussions.addReaction(postId, user.id, emoji);
    else await this.discussions.removeReaction(postId, user.id, emoji);
    const post = await this.findPost(postId, user.id);
    this.realtime.emit(threadRooms(thread), 'reaction.updated', {
      threadId: thread.id, postId, reactions: post.reactions.map(({ emoji: e, count }) => ({ emoji: e, count })),
    });
    return post;
  }

  private async resolveLivePost(postId: string, user: AuthUser): Promise<PostContext> {
    const ref = await this.discussions.findPostRef(postId);
    if (!ref) throw new NotFoundError('Post');
    const context = await this.threads.resolve(ref.thread_id, user, 'Post');
    if (ref.deleted) throw new NotFoundError('Post');
    return { ...context, postId: ref.id, authorId: ref.author_id };
  }

  /** True when the caller wrote the post (and may still post in the group); chairs and the secretariat pass too. */
  private assertAuthorOrModerator(context: PostContext, user: AuthUser, message = 'Only the author and the chairs can change this post'): boolean {
    const wrote = context.authorId === user.id;
    if (!(wrote && context.facts.myState === 'active') && !canModerate(context.facts)) throw new ForbiddenError(message);
    return wrote;
  }

  private async findPost(postId: string, viewerId: string): Promise<PostDto> {
    const row = await this.discussions.findPostRow(postId, viewerId);
    if (!row) throw new NotFoundError('Post');
    return toPostDto(row);
  }
}

function threadRooms(thread: ThreadRow): string[] {
  return [rooms.thread(thread.id), rooms.group(thread.working_group_id)];
}

function threadLocked(): ConflictError {
  return new ConflictError('THREAD_LOCKED', 'This thread is locked');
}
