import { Injectable } from '@nestjs/common';
import { AuditService } from '@meridian/audit';
import type { AuthUser } from '@meridian/auth';
import { ConflictError, decodeCursor, ForbiddenError, InvalidFieldError, NotFoundError, Page, PageQuery, renderMarkdown, toPage, UnprocessableError } from '@meridian/common';
import { Transactions } from '@meridian/database';
import { OutboxService } from '@meridian/outbox';
import { RealtimePublisher, rooms } from '@meridian/realtime';
import { assertCanPost, assertNotArchived, canModerate, isActiveMember } from '@meridian/working-groups';
import { CreatePostDto, ListPostsQuery, PostDto, PostRevisionDto, REACTION_EMOJIS, UpdatePostDto } from './dto/post.dto';
import { toPostDto, toPostRevisionDto } from './discussion.mapper';
import { assertAuthorOrModerator } from './discussion-permissions';
import { extractMentionHandles } from './mentions';
import { DiscussionsRepository, ThreadRow } from './discussions.repository';
import { ThreadContext, ThreadsService } from './threads.service';

const CHANGE_POST = 'Only the author and the chairs can change this post';

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
    private readonly transactions: Transactions,
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
    const row = await this.transactions.run(async (tx) => {
      const parent = dto.parentId ? await this.discussions.findPostInThread(thread.id, dto.parentId, tx) : undefined;
      if (dto.parentId && !parent) throw new UnprocessableError('parentId is not a post of this thread');
      const seq = await this.discussions.nextSeq(tx, thread.id, moderator);
      if (seq === undefined) throw threadLocked();
      const inserted = await this.discussions.insertPost(tx, { threadId: thread.id, seq, parentId: parent?.id ?? null, authorId: user.id, body: dto.body, bodyHtml });
      const postId = inserted.id;
      await this.discussions.recordOwnPost(tx, user.id, thread.id, seq);
      const mentioned = await this.discussions.addMentions(
        tx, postId, await this.discussions.resolveMentions(tx, thread.workingGroupId, extractMentionHandles(dto.body), user.id),
      );
      await this.outbox.record(tx, {
        type: 'post.created',
        payload: {
          postId, threadId: thread.id, workingGroupId: thread.workingGroupId, authorId: user.id,
          parentPostId: parent?.id ?? null, parentAuthorId: parent?.authorId ?? null, mentionedUserIds: mentioned,
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
    assertAuthorOrModerator(facts, context.authorId, user.id, CHANGE_POST);
    const isAuthor = context.authorId === user.id;
    assertNotArchived(facts);
    if (thread.locked && !canModerate(facts)) throw threadLocked();
    const bodyHtml = renderMarkdown(dto.body);
    await this.transactions.run(async (tx) => {
      const current = await this.discussions.lockPost(tx, postId);
      if (!current || current.deleted) throw new NotFoundError('Post');
      if (current.body === dto.body) return;
      await this.discussions.editPost(tx, postId, user.id, dto.body, bodyHtml);
      const resolved = await this.discussions.resolveMentions(tx, thread.workingGroupId, extractMentionHandles(dto.body), context.authorId ?? user.id);
      const added = await this.discussions.addMentions(tx, postId, resolved);
      if (added.length) {
        await this.outbox.record(tx, {
          type: 'post.mentioned',
          payload: { postId, threadId: thread.id, workingGroupId: thread.workingGroupId, authorId: context.authorId ?? user.id, mentionedUserIds: added },
          actorId: user.id,
        });
      }
      if (facts.secretariat && !isAuthor) {
        await this.audit.record(tx, { actorId: user.id, action: 'post.edit', targetType: 'post', targetId: postId, before: { body: current.body }, after: { body: dto.body } });
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
    assertAuthorOrModerator(facts, context.authorId, user.id, CHANGE_POST);
    const isAuthor = context.authorId === user.id;
    assertNotArchived(facts);
    if (thread.locked && !canModerate(facts)) throw threadLocked();
    await this.transactions.run(async (tx) => {
      if (!(await this.discussions.softDeletePost(tx, postId, thread.id, user.id))) throw new NotFoundError('Post');
      if (facts.secretariat && !isAuthor) {
        await this.audit.record(tx, { actorId: user.id, action: 'post.delete', targetType: 'post', targetId: postId, before: { threadId: thread.id, authorId: context.authorId } });
      }
    });
    this.realtime.emit(threadRooms(thread), 'post.deleted', { threadId: thread.id, postId });
  }

  /** Earlier versions, newest first: the author, chairs and the secretariat (anonymous callers get 404: never public). */
  async history(postId: string, user: AuthUser | undefined, query: PageQuery): Promise<Page<PostRevisionDto>> {
    if (!user) throw new NotFoundError('Post history');
    const context = await this.resolveLivePost(postId, user);
    assertAuthorOrModerator(context.facts, context.authorId, user.id, 'Only the author, the chairs and the secretariat see earlier versions');
    let before: number | undefined;
    if (query.cursor !== undefined) {
      [before] = decodeCursor(query.cursor, ['integer']) as [number];
    }
    const rows = await this.discussions.listRevisions(postId, query.limit, before);
    return toPage(rows, query.limit, (row) => [row.version], toPostRevisionDto);
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
    const context = await this.threads.resolve(ref.threadId, user, 'Post');
    if (ref.deleted) throw new NotFoundError('Post');
    return { ...context, postId: ref.id, authorId: ref.authorId };
  }

  private async findPost(postId: string, viewerId: string): Promise<PostDto> {
    const row = await this.discussions.findPostRow(postId, viewerId);
    if (!row) throw new NotFoundError('Post');
    return toPostDto(row);
  }
}

function threadRooms(thread: ThreadRow): string[] {
  return [rooms.thread(thread.id), rooms.group(thread.workingGroupId)];
}

function threadLocked(): ConflictError {
  return new ConflictError('THREAD_LOCKED', 'This thread is locked');
}
