import { Controller, Get, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { Public } from '@meridian/auth';
import { DomainError, sendError } from '@meridian/common';
import type { Request, Response } from 'express';
import { escapeHtml } from './email/templates';
import { NotificationPreferencesService, UnsubscribeDescription } from './notification-preferences.service';

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Meridian</title></head>
<body style="font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;line-height:1.5">
<h1 style="font-size:1.4rem">${escapeHtml(title)}</h1>
${body}
</body></html>`;
}

const wantsHtml = (request: Request) => request.accepts(['json', 'html']) === 'html';

/**
 * One-click unsubscribe (RFC 8058) without login: GET shows what the link turns off and changes nothing
 * (mail scanners follow links); POST turns it off. Bad, tampered or expired tokens → 400, as a page for
 * browsers and as the error envelope otherwise.
 */
@ApiTags('notifications')
@Controller('unsubscribe')
@Public()
@SkipThrottle()
export class UnsubscribeController {
  constructor(private readonly preferences: NotificationPreferencesService) {}

  @Get()
  @ApiQuery({ name: 'token', required: true })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'A page describing what the link turns off, with a button that POSTs' })
  @ApiBadRequestResponse({ description: 'Invalid or expired token (HTML page for browsers, else the error envelope)' })
  async show(@Query('token') token: string | undefined, @Req() request: Request, @Res() response: Response): Promise<void> {
    await this.respond(request, response, async () => {
      const description = await this.preferences.describeUnsubscribe(token);
      const action = `?token=${encodeURIComponent(token!)}`;
      return [
        description,
        page(
          'Unsubscribe',
          `<p>This link turns off ${escapeHtml(description.description)}. In-app notifications stay as they are.</p>
<form method="post" action="${escapeHtml(action)}">
<input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit">Turn these emails off</button>
</form>
<p style="color:#666">You can change this any time under notification settings in Meridian.</p>`,
        ),
      ];
    });
  }

  @Post()
  @HttpCode(200)
  @ApiQuery({ name: 'token', required: true })
  @ApiOkResponse({ description: 'Turned off: `{target, types, description}` (or a page for browsers)' })
  @ApiBadRequestResponse({ description: 'Invalid or expired token; nothing changed' })
  async unsubscribe(@Query('token') token: string | undefined, @Req() request: Request, @Res() response: Response): Promise<void> {
    await this.respond(request, response, async () => {
      const description = await this.preferences.unsubscribe(token);
      return [description, page('Unsubscribed', `<p>Done: ${escapeHtml(description.description)} are turned off.</p>`)];
    });
  }

  private async respond(request: Request, response: Response, action: () => Promise<[UnsubscribeDescription, string]>): Promise<void> {
    try {
      const [description, html] = await action();
      if (wantsHtml(request)) response.status(200).type('html').send(html);
      else response.status(200).json(description);
    } catch (error) {
      if (wantsHtml(request) && error instanceof DomainError && error.status === 400) {
        response
          .status(400)
          .type('html')
          .send(page('This link does not work', `<p>${escapeHtml(error.details?.[0]?.message ?? error.message)}. Nothing was changed.</p>
<p>You can change your email settings after signing in to Meridian.</p>`));
        return;
      }
      sendError(response, error);
    }
  }
}
