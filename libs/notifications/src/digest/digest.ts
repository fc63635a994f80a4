import { escapeHtml, mailFooter, notificationTitle, RenderedMail, TemplateInput } from '../email/templates';

export interface DigestItem extends TemplateInput {
  createdAt: string;
}

export interface DigestThread {
  threadId: string | null;
  threadTitle: string | null;
  lines: { title: string; excerpt: string | null; link: string; createdAt: string }[];
}

export interface DigestGroup {
  groupId: string | null;
  /** null: items outside working groups (organisations, the network). */
  groupName: string | null;
  threads: DigestThread[];
}

const str = (value: unknown): string | null => (typeof value === 'string' && value ? value : null);

/**
 * Groups digest items by working group, then thread, in the order they first appear (oldest first);
 * items outside any group come last under "Across the network". Pure: unit-tested.
 */
export function groupDigest(items: DigestItem[]): DigestGroup[] {
  const groups = new Map<string, DigestGroup>();
  for (const item of [...items].sort((a, b) => a.createdAt.localeCompare(b.createdAt))) {
    const groupId = str(item.payload.workingGroupId);
    const groupKey = groupId ?? '';
    let group = groups.get(groupKey);
    if (!group) {
      group = { groupId, groupName: groupId ? (str(item.payload.groupName) ?? 'Working group') : null, threads: [] };
      groups.set(groupKey, group);
    }
    const threadId = str(item.payload.threadId);
    let thread = group.threads.find((candidate) => candidate.threadId === threadId);
    if (!thread) {
      thread = { threadId, threadTitle: str(item.payload.threadTitle) ?? str(item.payload.title), lines: [] };
      group.threads.push(thread);
    }
    thread.lines.push({ title: notificationTitle(item), excerpt: str(item.payload.excerpt), link: item.link, createdAt: item.createdAt });
  }
  const ordered = [...groups.values()];
  return [...ordered.filter((group) => group.groupId), ...ordered.filter((group) => !group.groupId)];
}

/** The digest mail: readable without opening Meridian (titles and excerpts inline), one link per item. */
export function renderDigestMail(
  items: DigestItem[],
  options: { period: 'daily' | 'weekly'; publicUrl: string; unsubscribeUrl: string; displayName: string },
): RenderedMail {
  const groups = groupDigest(items);
  const heading = options.period === 'daily' ? 'Your daily Meridian digest' : 'Your weekly Meridian digest';
  const subject = `${heading}: ${items.length} update${items.length === 1 ? '' : 's'}`;
  const textParts: string[] = [`Hello ${options.displayName},`, '', `${items.length} update${items.length === 1 ? '' : 's'} since your last digest.`];
  const htmlParts: string[] = [`<p>Hello ${escapeHtml(options.displayName)},</p>`, `<p>${items.length} update${items.length === 1 ? '' : 's'} since your last digest.</p>`];
  for (const group of groups) {
    const groupName = group.groupName ?? 'Across the network';
    textParts.push('', `== ${groupName} ==`);
    htmlParts.push(`<h2>${escapeHtml(groupName)}</h2>`);
    for (const thread of group.threads) {
      if (thread.threadTitle) {
        textParts.push('', `# ${thread.threadTitle}`);
        htmlParts.push(`<h3>${escapeHtml(thread.threadTitle)}</h3>`);
      }
      htmlParts.push('<ul>');
      for (const line of thread.lines) {
        const url = `${options.publicUrl}${line.link}`;
        textParts.push(`- ${line.title}`, ...(line.excerpt ? [`  ${line.excerpt}`] : []), `  ${url}`);
        htmlParts.push(
          `<li><a href="${escapeHtml(url)}">${escapeHtml(line.title)}</a>${line.excerpt ? `<br><span style="color:#444">${escapeHtml(line.excerpt)}</span>` : ''}</li>`,
        );
      }
      htmlParts.push('</ul>');
    }
  }
  const foot = mailFooter(options.unsubscribeUrl, `${options.period} digest`);
  textParts.push('', '--', foot.text);
  htmlParts.push(foot.html);
  return { subject, text: textParts.join('\n'), html: htmlParts.join('\n') };
}
