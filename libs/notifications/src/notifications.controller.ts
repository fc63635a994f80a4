import { Body, Controller, Get, HttpCode, Post, Put, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiBody, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '@meridian/auth';
import { IdParam } from '@meridian/common';
import { ListNotificationsQuery, NotificationDto, NotificationPageDto, ReadAllResultDto } from './dto/notification.dto';
import { NOTIFICATION_PREFERENCES_SCHEMA, NotificationPreferencesDto } from './dto/notification-preferences.dto';
import { NotificationPreferencesService } from './notification-preferences.service';
import { NotificationService } from './notification.service';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller()
export class NotificationsController {
  constructor(
    private readonly notifications: NotificationService,
    private readonly preferences: NotificationPreferencesService,
  ) {}

  /** The caller's in-app notifications, newest first (`?unread=true` for unread only). */
  @Get('notifications')
  @ApiOkResponse({ type: NotificationPageDto })
  list(@CurrentUser() user: AuthUser, @Query() query: ListNotificationsQuery): Promise<NotificationPageDto> {
    return this.notifications.list(user.id, query);
  }

  /** Marks one notification read on every device of the caller (`notification.read` to `user:<id>`). */
  @Post('notifications/:id/read')
  @HttpCode(200)
  @ApiOkResponse({ type: NotificationDto })
  @ApiNotFoundResponse({ description: 'No such notification of the caller' })
  markRead(@CurrentUser() user: AuthUser, @IdParam('Notification') id: string): Promise<NotificationDto> {
    return this.notifications.markRead(user.id, id);
  }

  /** Marks every notification of the caller read. */
  @Post('notifications/read-all')
  @HttpCode(200)
  @ApiOkResponse({ type: ReadAllResultDto })
  markAllRead(@CurrentUser() user: AuthUser): Promise<ReadAllResultDto> {
    return this.notifications.markAllRead(user.id);
  }

  /** Every notification type with its effective in-app and email setting. */
  @Get('me/notification-preferences')
  @ApiOkResponse({ schema: NOTIFICATION_PREFERENCES_SCHEMA })
  getPreferences(@CurrentUser() user: AuthUser): Promise<NotificationPreferencesDto> {
    return this.preferences.effective(user.id);
  }

  /** Changes the types sent (each with `inApp` and/or `email`); answers every type's effective value. */
  @Put('me/notification-preferences')
  @ApiBody({ schema: NOTIFICATION_PREFERENCES_SCHEMA })
  @ApiOkResponse({ schema: NOTIFICATION_PREFERENCES_SCHEMA })
  @ApiBadRequestResponse({ description: 'Unknown type or channel value; `details` name the field (`post.replied.email`)' })
  updatePreferences(@CurrentUser() user: AuthUser, @Body() body: Record<string, unknown>): Promise<NotificationPreferencesDto> {
    return this.preferences.update(user.id, body);
  }
}
