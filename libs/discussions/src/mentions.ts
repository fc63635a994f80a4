const MENTION = /(^|[^\p{L}\p{N}_@.\-/])@([A-Za-z0-9_](?:[A-Za-z0-9_.-]{0,62}[A-Za-z0-9_])?)/gu;
const CODE = /```[\s\S]*?```|`[^`\n]*`/g;

/** `@handle`s written in a markdown body (outside code), distinct, lower-cased, at most 50. */
export function extractMentionHandles(body: string): string[] {
  const text = body.replace(CODE, ' ');
  const handles = new Set<string>();
  for (const match of text.matchAll(MENTION)) {
    handles.add(match[2].toLowerCase());
    if (handles.size >= 50) break;
  }
  return [...handles];
}
