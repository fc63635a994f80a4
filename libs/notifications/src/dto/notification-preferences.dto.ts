import { ApiProperty } from '@nestjs/swagger';
import { EMAIL_CHANNEL_VALUES, EmailChannel, IN_APP_CHANNEL_VALUES, InAppChannel, NOTIFICATION_TYPE_NAMES } from '../notification-types';

export class ChannelPreferenceDto {
  @ApiProperty({ enum: IN_APP_CHANNEL_VALUES })
  inApp: InAppChannel;

  @ApiProperty({ enum: EMAIL_CHANNEL_VALUES })
  email: EmailChannel;
}

/** OpenAPI schema of `{ "<type>": { inApp, email } }`; GET has every type, PUT any subset (each field optional). */
export const NOTIFICATION_PREFERENCES_SCHEMA = {
  type: 'object',
  properties: Object.fromEntries(
    NOTIFICATION_TYPE_NAMES.map((type) => [
      type,
      {
        type: 'object',
        additionalProperties: false,
        properties: { inApp: { type: 'string', enum: [...IN_APP_CHANNEL_VALUES] }, email: { type: 'string', enum: [...EMAIL_CHANNEL_VALUES] } },
      },
    ]),
  ),
  additionalProperties: false,
};

export type NotificationPreferencesDto = Record<string, ChannelPreferenceDto>;
