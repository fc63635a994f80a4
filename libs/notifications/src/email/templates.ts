import type { NotificationType } from '../notification-types';

/** What a template needs of a notification. */
export interface TemplateInput {
  type: string;
  payload: Record<string, unknown>;
  link: string;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const text = (value: unknown, fallback: string) => (typeof value === 'string' && value.trim() ? value.trim() : fallback);

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** One line saying what happened, for the in-app list, mail subjects and digest lines. */
const TITLES: Record<NotificationType, (p: Record<string, unknown>) => string> = {
  'post.replied': (p) => `${text(p.actorName, 'Someone')} replied to your post in “${text(p.threadTitle, 'a thread')}”`,
  'post.mentioned': (p) => `${text(p.actorName, 'Someone')} mentioned you in “${text(p.threadTitle, 'a thread')}”`,
  'thread.created': (p) => `New thread in ${text(p.groupName, 'your working group')}: “${text(p.threadTitle ?? p.title, 'Untitled')}”`,
  'post.created': (p) => `${text(p.actorName, 'Someone')} posted in “${text(p.threadTitle, 'a thread')}”`,
  'membership.requested': (p) => `${text(p.memberName, 'Someone')} asked to join ${text(p.groupName, 'your working group')}`,
  'membership.approved': (p) => `You are now a member of ${text(p.groupName, 'the working group')}`,
  'membership.invited': (p) => `${text(p.actorName, 'A chair')} invited you to join ${text(p.groupName, 'a working group')}`,
  'organisation.applied': (p) => `${text(p.name, 'An organisation')} applied to join the network`,
  'organisation.approved': (p) => `${text(p.name, 'Your organisation')} was approved`,
  'organisation.rejected': (p) => `The application of ${text(p.name, 'your organisation')} was rejected`,
  'organisation.suspended': (p) => `${text(p.name, 'Your organisation')} was suspended`,
  'group.announcement': (p) => `Announcement in ${text(p.groupName, 'your working group')}: “${text(p.threadTitle ?? p.title, 'Untitled')}”`,
};

export function notificationTitle(notification: Pick<TemplateInput, 'type' | 'payload'>): string {
  const title = TITLES[notification.type as NotificationType];
  return title ? title(notification.payload) : notification.type;
}

/** A second paragraph where the event has one: the post excerpt, a reason. */
function detail(notification: TemplateInput): string | null {
  const p = notification.payload;
  if (typeof p.excerpt === 'string' && p.excerpt.trim()) return p.excerpt.trim();
  if (typeof p.reason === 'string' && p.reason.trim()) return `Reason: ${p.reason.trim()}`;
  return null;
}

function footer(unsubscribeUrl: string, what: string): { text: string; html: string } {
  return {
    text: `You receive this because of your Meridian notification settings (${what}).\nStop these emails: ${unsubscribeUrl}`,
    html: `<p style="color:#666;font-size:12px">You receive this because of your Meridian notification settings (${escapeHtml(what)}).<br>
<a href="${escapeHtml(unsubscribeUrl)}">Stop these emails</a></p>`,
  };
}

/** The mail of one notification: short plain text and HTML, linking into PUBLIC_URL. */
export function renderNotificationMail(notification: TemplateInput, options: { publicUrl: string; unsubscribeUrl: string; what: string }): RenderedMail {
  const title = notificationTitle(notification);
  const url = `${options.publicUrl}${notification.link}`;
  const more = detail(notification);
  const foot = footer(options.unsubscribeUrl, options.what);
  return {
    subject: title,
    text: [title, more ? `\n${more}` : '', `\nOpen in Meridian: ${url}`, `\n--\n${foot.text}`].join('\n').replace(/\n{3,}/g, '\n\n'),
    html: `<p>${escapeHtml(title)}</p>${more ? `<blockquote>${escapeHtml(more)}</blockquote>` : ''}
<p><a href="${escapeHtml(url)}">Open in Meridian</a></p>
${foot.html}`,
  };
}

export { footer as mailFooter };
