import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { IsSafeDisplayText, Trim } from '@meridian/common';
import { SUBSCRIPTION_LEVELS, SubscriptionLevel } from '@meridian/working-groups';
import { AuthorDto, MAX_BODY_BYTES, MaxUtf8Bytes, PostDto } from './post.dto';

export const MAX_TITLE_LENGTH = 200;

export class CreateThreadDto {
  @ApiProperty({ maxLength: MAX_TITLE_LENGTH })
  @Trim() @IsString() @Matches(/\S/, { message: 'title must not be empty' }) @MaxLength(MAX_TITLE_LENGTH) @IsSafeDisplayText()
  title: string;

  @ApiProperty({ description: 'The first post (markdown, at most 64 KiB of UTF-8)' })
  @IsString() @Matches(/\S/, { message: 'body must not be empty' }) @MaxUtf8Bytes(MAX_BODY_BYTES)
  body: string;
}

export class UpdateThreadDto {
  @ApiPropertyOptional({ maxLength: MAX_TITLE_LENGTH, description: 'chairs and the author' })
  @IsOptional() @Trim() @IsString() @Matches(/\S/, { message: 'title must not be empty' }) @MaxLength(MAX_TITLE_LENGTH) @IsSafeDisplayText()
  title?: string;

  @ApiPropertyOptional({ description: 'chairs' })
  @IsOptional() @IsBoolean()
  pinned?: boolean;

  @ApiPropertyOptional({ description: 'chairs: a locked thread takes no new posts' })
  @IsOptional() @IsBoolean()
  locked?: boolean;
}

export class MarkThreadReadDto {
  @ApiProperty({ description: 'The last post the caller has read' })
  @IsUUID()
  lastReadPostId: string;
}

export class ThreadReadDto {
  @ApiProperty() threadId: string;
  @ApiProperty({ type: String, nullable: true }) lastReadPostId: string | null;
  @ApiProperty() unreadCount: number;
}

export class ThreadSubscriptionDto {
  @ApiProperty() threadId: string;
  @ApiProperty({ enum: SUBSCRIPTION_LEVELS }) level: SubscriptionLevel;
}

export class ThreadDto {
  @ApiProperty() id: string;
  @ApiProperty() workingGroupId: string;
  @ApiProperty() title: string;
  @ApiProperty({ type: AuthorDto, nullable: true }) author: AuthorDto | null;
  @ApiProperty() pinned: boolean;
  @ApiProperty() locked: boolean;
  @ApiProperty() isAnnouncement: boolean;
  @ApiProperty({ description: 'posts that are not deleted' }) postCount: number;
  @ApiProperty({ description: 'seq of the newest post' }) lastPostSeq: number;
  @ApiProperty() lastActivityAt: string;
  @ApiProperty() createdAt: string;
  @ApiProperty({ description: 'posts the caller (an active member) has not read, own posts excluded' }) unreadCount: number;
  @ApiProperty({ description: 'seq of the last post the caller read (0: none)' }) lastReadSeq: number;
}

export class ThreadWithFirstPostDto extends ThreadDto {
  @ApiProperty({ type: PostDto }) firstPost: PostDto;
}

export class ThreadPageDto {
  @ApiProperty({ type: [ThreadDto] }) items: ThreadDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}
