import { Controller, Get, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { Public } from '@meridian/auth';
import { AcceptsFormBody, DomainError, sendError } from '@meridian/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
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

/**
 * Content negotiation between JSON (preferred on a tie) and HTML, as Express's `request.accepts(['json', 'html'])`:
 * the most specific matching Accept range gives each type its quality; higher quality wins, then the more specific
 * match, then the range listed first.
 */
export function wantsHtml(request: Pick<FastifyRequest, 'headers'>): boolean {
  const accept = request.headers.accept;
  if (!accept) return false;
  const ranges = accept.split(',').map((part, order) => {
    const [range, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((param) => param.trim().split('=')).find(([name]) => name === 'q')?.[1];
    const [type = '', subtype = ''] = range.trim().split('/');
    return { type, subtype, q: q === undefined ? 1 : Number(q) || 0, order };
  });
  const rank = (type: string, subtype: string, index: number) => {
    let best: { q: number; specificity: number; order: number; index: number } | undefined;
    for (const range of ranges) {
      const specificity = range.type === type && range.subtype === subtype ? 2 : range.type === type && range.subtype === '*' ? 1 : range.type === '*' && range.subtype === '*' ? 0 : -1;
      if (specificity < 0) continue;
      if (!best || specificity > best.specificity || (specificity === best.specificity && (range.q > best.q || (range.q === best.q && range.order < best.order)))) {
        best = { q: range.q, specificity, order: range.order, index };
      }
    }
    return best && best.q > 0 ? best : undefined;
  };
  const candidates = [rank('application', 'json', 0), rank('text', 'html', 1)].filter((c) => c !== undefined);
  candidates.sort((a, b) => b.q - a.q || b.specificity - a.specificity || a.order - b.order || a.index - b.index);
  return candidates[0]?.index === 1;
}

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
  async show(@Query('token') token: string | undefined, @Req() request: FastifyRequest, @Res() response: FastifyReply): Promise<void> {
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
  @AcceptsFormBody()
  @ApiQuery({ name: 'token', required: true })
  @ApiOkResponse({ description: 'Turned off: `{target, types, description}` (or a page for browsers)' })
  @ApiBadRequestResponse({ description: 'Invalid or expired token; nothing changed' })
  async unsubscribe(@Query('token') token: string | undefined, @Req() request: FastifyRequest, @Res() response: FastifyReply): Promise<void> {
    await this.respond(request, response, async () => {
      const description = await this.preferences.unsubscribe(token);
      return [description, page('Unsubscribed', `<p>Done: ${escapeHtml(description.description)} are turned off.</p>`)];
    });
  }

  private async respond(request: FastifyRequest, response: FastifyReply, action: () => Promise<[UnsubscribeDescription, string]>): Promise<void> {
    try {
      const [description, html] = await action();
      if (wantsHtml(request)) response.status(200).type('text/html; charset=utf-8').send(html);
      else response.status(200).send(description);
    } catch (error) {
      if (wantsHtml(request) && error instanceof DomainError && error.status === 400) {
        response
          .status(400)
          .type('text/html; charset=utf-8')
          .send(page('This link does not work', `<p>${escapeHtml(error.details?.[0]?.message ?? error.message)}. Nothing was changed.</p>
<p>You can change your email settings after signing in to Meridian.</p>`));
        return;
      }
      sendError(response, error);
    }
  }
}
