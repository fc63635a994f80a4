import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Matches, registerDecorator, ValidationOptions } from 'class-validator';
import { PageQuery } from '@meridian/common';

/** Post bodies are at most 64 KiB of UTF-8 (API.md). */
export const MAX_BODY_BYTES = 64 * 1024;

/** The allowed reactions (API.md); compared without variation selectors, stored as written here. */
export const REACTION_EMOJIS = ['👍', '❤️', '🎉', '😄', '🤔', '👀', '🙏', '✅'] as const;

export function MaxUtf8Bytes(max: number, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'maxUtf8Bytes',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: `$property must be at most ${max} bytes of UTF-8`, ...options },
      validator: { validate: (value: unknown) => typeof value === 'string' && Buffer.byteLength(value, 'utf8') <= max },
    });
}

const NOT_BLANK = /\S/;

export class CreatePostDto {
  @ApiProperty({ description: 'Markdown, at most 64 KiB of UTF-8; `@handle` mentions notify' })
  @IsString() @Matches(NOT_BLANK, { message: 'body must not be empty' }) @MaxUtf8Bytes(MAX_BODY_BYTES)
  body: string;

  @ApiPropertyOptional({ description: 'The post this one replies to (same thread)' })
  @IsOptional() @IsUUID()
  parentId?: string;
}

export class UpdatePostDto {
  @ApiProperty({ description: 'Markdown, at most 64 KiB of UTF-8' })
  @IsString() @Matches(NOT_BLANK, { message: 'body must not be empty' }) @MaxUtf8Bytes(MAX_BODY_BYTES)
  body: string;
}

export class ListPostsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Only posts after this one (catching up after a reconnect)' })
  @IsOptional() @IsUUID()
  after?: string;
}

export class OrganisationRefDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) acronym: string | null;
}

export class AuthorDto {
  @ApiProperty() id: string;
  @ApiProperty() displayName: string;
  @ApiProperty() handle: string;
  @ApiProperty({ type: OrganisationRefDto, nullable: true, description: 'the author\'s (first) approved organisation' })
  organisation: OrganisationRefDto | null;
}

export class ReactionCountDto {
  @ApiProperty({ enum: REACTION_EMOJIS }) emoji: string;
  @ApiProperty() count: number;
  @ApiProperty({ description: 'the caller reacted with this emoji' }) mine: boolean;
}

/** A post, or its tombstone (`deleted: true`, `author`, `body` and `bodyHtml` null). */
export class PostDto {
  @ApiProperty() id: string;
  @ApiProperty() threadId: string;
  @ApiProperty({ type: String, nullable: true }) parentId: string | null;
  @ApiProperty({ type: AuthorDto, nullable: true }) author: AuthorDto | null;
  @ApiProperty({ type: String, nullable: true, description: 'sanitised HTML' }) bodyHtml: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'markdown source' }) body: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty({ type: String, nullable: true }) editedAt: string | null;
  @ApiProperty() deleted: boolean;
  @ApiProperty({ type: [ReactionCountDto] }) reactions: ReactionCountDto[];
  @ApiProperty({ description: '1, 2, 3… within the thread' }) seq: number;
}

export class PostPageDto {
  @ApiProperty({ type: [PostDto] }) items: PostDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class PostRevisionDto {
  @ApiProperty({ description: '1 is the original text' }) version: number;
  @ApiProperty() body: string;
  @ApiProperty() bodyHtml: string;
  @ApiProperty({ description: 'when this version was written' }) writtenAt: string;
  @ApiProperty({ description: 'when an edit replaced it' }) replacedAt: string;
  @ApiProperty({ type: String, nullable: true }) replacedById: string | null;
}

export class PostHistoryDto {
  @ApiProperty({ type: [PostRevisionDto], description: 'earlier versions, newest first' }) items: PostRevisionDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}
