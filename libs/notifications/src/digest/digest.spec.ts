import { DigestItem, groupDigest, renderDigestMail } from './digest';

const item = (createdAt: string, type: string, payload: Record<string, unknown>, link = '/x'): DigestItem => ({ createdAt, type, payload, link });

describe('digest grouping', () => {
  const items = [
    item('2026-11-23T01:00:00Z', 'organisation.applied', { organisationId: 'o1', name: 'Mekong Migration Network' }, '/organisations/o1'),
    item('2026-11-23T02:00:00Z', 'thread.created', { workingGroupId: 'g1', groupName: 'Labour Migration', threadId: 't1', threadTitle: 'Recruitment fees', excerpt: 'Who pays?' }),
    item('2026-11-23T03:00:00Z', 'post.created', { workingGroupId: 'g2', groupName: 'Climate Mobility', threadId: 't2', threadTitle: 'Planned relocation', actorName: 'Ana' }),
    item('2026-11-23T04:00:00Z', 'post.created', { workingGroupId: 'g1', groupName: 'Labour Migration', threadId: 't1', threadTitle: 'Recruitment fees', actorName: 'Ben' }),
    item('2026-11-23T00:30:00Z', 'post.replied', { workingGroupId: 'g1', groupName: 'Labour Migration', threadId: 't3', threadTitle: 'Return and reintegration', actorName: 'Chi' }),
  ];

  it('groups items by working group, then thread, oldest first, with items outside groups last', () => {
    const groups = groupDigest(items);
    expect(groups.map((group) => group.groupName)).toEqual(['Labour Migration', 'Climate Mobility', null]);
    expect(groups[0].threads.map((thread) => thread.threadTitle)).toEqual(['Return and reintegration', 'Recruitment fees']);
    expect(groups[0].threads[1].lines.map((line) => line.title)).toEqual([
      'New thread in Labour Migration: “Recruitment fees”',
      'Ben posted in “Recruitment fees”',
    ]);
    expect(groups[2].threads).toEqual([{ threadId: null, threadTitle: null, lines: [expect.objectContaining({ title: 'Mekong Migration Network applied to join the network' })] }]);
  });

  it('includes every item exactly once', () => {
    const lines = groupDigest(items).flatMap((group) => group.threads.flatMap((thread) => thread.lines));
    expect(lines).toHaveLength(items.length);
  });

  it('renders readable text and escaped HTML', () => {
    const mail = renderDigestMail([...items, item('2026-11-23T05:00:00Z', 'post.created', { workingGroupId: 'g3', groupName: '<script>', threadId: 't9', threadTitle: 'x' })], {
      period: 'weekly',
      publicUrl: 'https://meridian.example',
      unsubscribeUrl: 'https://meridian.example/api/v1/unsubscribe?token=t',
      displayName: 'Dana',
    });
    expect(mail.subject).toBe('Your weekly Meridian digest: 6 updates');
    expect(mail.text).toContain('== Labour Migration ==\n\n# Return and reintegration');
    expect(mail.text).toContain('  Who pays?');
    expect(mail.text).toContain('https://meridian.example/organisations/o1');
    expect(mail.html).toContain('&lt;script&gt;');
    expect(mail.html).not.toContain('<script>');
  });
});
