import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional } from 'class-validator';
import { PageQuery } from '@meridian/common';
import { NOTIFICATION_TYPE_NAMES } from '../notification-types';

export class NotificationDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: NOTIFICATION_TYPE_NAMES, description: 'Notification type (API.md table)' })
  type: string;

  /** One readable line: "Ana replied to your post in “Remittance costs”". */
  title: string;

  /** Path under PUBLIC_URL the notification opens, e.g. `/threads/<id>?post=<id>`. */
  link: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Ids, names and titles of what the notification is about' })
  data: Record<string, unknown>;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  readAt: string | null;
}

export class NotificationPageDto {
  @ApiProperty({ type: [NotificationDto] })
  items: NotificationDto[];

  @ApiProperty({ nullable: true, type: String })
  nextCursor: string | null;
}

export class ListNotificationsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Only unread notifications', enum: ['true', 'false'] })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' || value === true ? true : value === 'false' || value === false ? false : value))
  @IsIn([true, false], { message: 'unread must be true or false' })
  unread?: boolean;
}

export class ReadAllResultDto {
  /** How many notifications were marked read. */
  updated: number;
}
