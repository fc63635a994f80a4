const EMAIL_ADDRESS = /[^\s<>()[\]"',;:@]+@[^\s<>()[\]"',;:@]+/g;
const LINK_TOKEN = /([?&]token=)[^\s&"'<>]+/gi;

/**
 * A queue error message as the secretariat may see it (GET /admin/queues): an SMTP refusal often quotes the
 * recipient, and a message may quote a link; both are replaced.
 */
export function withoutMailSecrets(message: string): string {
  return message.replace(LINK_TOKEN, '$1[redacted]').replace(EMAIL_ADDRESS, '[address]');
}
