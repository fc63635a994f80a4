import { renderMarkdown } from '@meridian/common';
import { Injectable, Module } from '@nestjs/common';
import type { Transaction } from '@meridian/database';
import { DEMO_SEED_STEP, DemoSeedContext, DemoSeedStep } from '@meridian/seed';
import { extractMentionHandles } from '../mentions';

type Role = 'chair' | 'co_chair' | 'member' | 'observer';

interface DemoPost {
  by: string;
  body: string;
  /** index of the post replied to within the thread */
  replyTo?: number;
  reactions?: Record<string, string[]>;
}

interface DemoThread {
  title: string;
  pinned?: boolean;
  announcement?: boolean;
  posts: DemoPost[];
}

interface DemoGroup {
  slug: string;
  name: string;
  mandate: string;
  visibility: 'public' | 'network' | 'private';
  joinPolicy: 'open' | 'approval' | 'invite_only';
  gcmObjectives: number[];
  countries: string[];
  members: Record<string, Role | `${Role}:pending` | `${Role}:invited`>;
  threads: DemoThread[];
}

/** Users are the users demo step's keys; handles in bodies are their demo handles. */
const DEMO_GROUPS: DemoGroup[] = [
  {
    slug: 'rtwg-migration-trafficking',
    name: 'Regional Thematic Working Group on International Migration including Human Trafficking',
    mandate: [
      '## Terms of reference',
      '',
      'Co-chaired by **IOM** and **ESCAP**, the group coordinates the work of UN entities and partners on international migration in Asia and the Pacific, including the review of the *Global Compact for Safe, Orderly and Regular Migration* (GCM).',
      '',
      '- Prepare the regional review of the GCM',
      '- Share evidence on trafficking in persons and smuggling of migrants',
      '- Support member States with joint technical cooperation',
    ].join('\n'),
    visibility: 'network',
    joinPolicy: 'approval',
    gcmObjectives: [7, 9, 10, 23],
    countries: ['regional', 'TH', 'MY', 'ID', 'PH'],
    members: { iom: 'chair', secretariat: 'co_chair', ilo: 'member', gaatw: 'member', mfa: 'member', arcm: 'member', dmw: 'observer', nids: 'member:pending' },
    threads: [
      {
        title: 'Regional review of the GCM: timeline and inputs',
        pinned: true,
        announcement: true,
        posts: [
          { by: 'iom', body: 'Dear colleagues, the **regional review** will take place in Bangkok. Please send written inputs by the end of next month.\n\nDraft outline: https://www.unescap.org', reactions: { '👍': ['ilo', 'gaatw', 'mfa'], '🙏': ['arcm'] } },
          { by: 'ilo', body: '@lena thank you. ILO will contribute a section on fair recruitment (GCM Objective 6).', replyTo: 0 },
          { by: 'mfa', body: 'Civil society consultations are planned in Manila and Kathmandu before the review. @aroon could the secretariat share the template?', reactions: { '✅': ['secretariat'] } },
          { by: 'secretariat', body: 'Template shared in the documents library. @joy please circulate it to MFA members.', replyTo: 2 },
        ],
      },
      {
        title: 'การค้ามนุษย์ในภาคประมง: ข้อมูลล่าสุด',
        posts: [
          { by: 'arcm', body: 'ขอแบ่งปันผลการศึกษาเรื่อง **แรงงานข้ามชาติในภาคประมงของประเทศไทย** ปี 2025 พบว่าการยึดเอกสารประจำตัวยังเกิดขึ้นในบางพื้นที่', reactions: { '👀': ['iom', 'gaatw'] } },
          { by: 'gaatw', body: 'Thank you @nanthida. Could you say more about the provinces covered? GAATW partners in Songkhla report similar cases.', replyTo: 0 },
          { by: 'arcm', body: 'สงขลา ระนอง และสมุทรสาคร — the English summary will be uploaded next week.', replyTo: 1, reactions: { '🙏': ['gaatw'] } },
        ],
      },
      {
        title: 'Perlindungan pekerja migran Indonesia di sektor perkebunan',
        posts: [
          { by: 'mfa', body: 'Kami menerima laporan tentang pekerja migran Indonesia tanpa dokumen di perkebunan kelapa sawit. Adakah data terbaru dari pemerintah?' },
          { by: 'ilo', body: 'ILO can share the 2025 labour inspection findings. @maria the Philippine experience with bilateral labour agreements may also help.', replyTo: 0, reactions: { '👍': ['mfa'] } },
        ],
      },
    ],
  },
  {
    slug: 'colombo-process-skills',
    name: 'Colombo Process — Skills and Qualification Recognition',
    mandate: 'Thematic area of the Colombo Process on **skills and qualification recognition** (GCM Objective 18): mutual recognition arrangements, skills passports and pre-departure training for workers from South and South-East Asia.',
    visibility: 'network',
    joinPolicy: 'invite_only',
    gcmObjectives: [5, 6, 18],
    countries: ['LK', 'NP', 'BD', 'PH', 'ID'],
    members: { ilo: 'chair', moless: 'co_chair', kemnaker: 'member', dmw: 'member', tfamw: 'member:invited' },
    threads: [
      {
        title: 'वैदेशिक रोजगारमा सीप प्रमाणीकरण',
        posts: [
          { by: 'moless', body: 'नेपालबाट वैदेशिक रोजगारमा जाने कामदारहरूको **सीप प्रमाणीकरण** प्रणालीबारे छलफल गरौं। राष्ट्रिय व्यावसायिक योग्यता प्रणाली (NVQS) अहिले लागू हुँदैछ।', reactions: { '👍': ['ilo', 'kemnaker'] } },
          { by: 'ilo', body: 'Thank you @sita. The NVQS could be mapped to the ASEAN Qualifications Reference Framework; ILO can support a pilot with two destination countries.', replyTo: 0 },
          { by: 'kemnaker', body: 'Indonesia sudah memiliki pengalaman dengan sertifikasi kompetensi BNSP. Kami siap berbagi dokumen teknisnya.', replyTo: 1, reactions: { '🎉': ['moless'] } },
        ],
      },
      {
        title: 'Skills passports for domestic and care workers',
        posts: [
          { by: 'dmw', body: 'The Philippines is piloting a **digital skills passport** for care workers bound for Japan. Lessons so far:\n\n1. Employers need a simple verification link\n2. Training providers must be accredited first\n3. Workers want the credential in their own language' },
          { by: 'ilo', body: '@maria very useful. Can we add this as a case study to the regional report?', replyTo: 0, reactions: { '✅': ['dmw'] } },
        ],
      },
    ],
  },
  {
    slug: 'migration-data-evidence',
    name: 'Migration Data and Evidence (GCM Objective 1)',
    mandate: 'Open group of researchers and statisticians improving **accurate and disaggregated migration data** in Asia and the Pacific: labour migration statistics, remittance data, and data on missing migrants.',
    visibility: 'public',
    joinPolicy: 'open',
    gcmObjectives: [1, 17, 20],
    countries: ['regional', 'TH', 'PH', 'NP', 'BD'],
    members: { smc: 'chair', arcm: 'co_chair', iom: 'member', ilo: 'member', moless: 'member', tfamw: 'member' },
    threads: [
      {
        title: 'Harmonising labour migration statistics across ASEAN',
        pinned: true,
        posts: [
          { by: 'smc', body: 'Welcome to the group! First topic: the **ILMS** database and how national sources differ in what they count as a "migrant worker".', reactions: { '👍': ['iom', 'ilo', 'arcm'], '🎉': ['tfamw'] } },
          { by: 'ilo', body: 'The ILMS questionnaire for 2026 goes out in March. @paolo would SMC review the definitions annex?', replyTo: 0 },
          { by: 'smc', body: 'Happy to. @nanthida and I will send comments within two weeks.', replyTo: 1, reactions: { '🙏': ['ilo'] } },
        ],
      },
      {
        title: '东南亚汇款数据的质量问题',
        posts: [
          { by: 'tfamw', body: '各国央行公布的**侨汇数据**差异很大，非正规渠道的汇款几乎没有被统计。有没有人做过家庭调查来补充这一缺口？' },
          { by: 'iom', body: 'IOM ran household surveys in Nepal and Bangladesh in 2024; I will share the methodology note. @weiling which corridors interest TFAMW most?', replyTo: 0, reactions: { '👀': ['tfamw'] } },
          { by: 'tfamw', body: '马来西亚—印度尼西亚和泰国—缅甸两条走廊。Thank you @lena!', replyTo: 1 },
        ],
      },
    ],
  },
  {
    slug: 'women-migrant-workers-caucus',
    name: 'Women Migrant Workers Protection Caucus',
    mandate: 'Closed caucus of civil-society organisations preparing joint positions on the protection of **women migrant workers** in domestic work and care. Drafts stay private until agreed.',
    visibility: 'private',
    joinPolicy: 'invite_only',
    gcmObjectives: [6, 7, 16],
    countries: ['regional', 'PH', 'ID', 'NP'],
    members: { gaatw: 'chair', mfa: 'member', tfamw: 'member', dmw: 'member:invited' },
    threads: [
      {
        title: 'Joint statement draft for the regional review',
        posts: [
          { by: 'gaatw', body: 'Draft 1 of our joint statement is below. Please comment by Friday.\n\n> Women migrant workers in domestic work remain excluded from labour law in most destination countries…', reactions: { '👍': ['mfa', 'tfamw'] } },
          { by: 'mfa', body: '@ayesha suggest adding a paragraph on access to justice and shelters.', replyTo: 0 },
        ],
      },
    ],
  },
];

async function insertPost(
  tx: Transaction, threadId: string, seq: number, post: DemoPost, users: Record<string, string>, postIds: string[], groupId: string, minutesAgo: number,
): Promise<string> {
  const [row] = await tx.query(
    `INSERT INTO post (thread_id, seq, parent_id, author_id, body, body_html, created_at) VALUES ($1, $2, $3, $4, $5, $6, now() - make_interval(mins => $7)) RETURNING id`,
    [threadId, seq, post.replyTo === undefined ? null : postIds[post.replyTo], users[post.by], post.body, renderMarkdown(post.body), minutesAgo],
  );
  const handles = extractMentionHandles(post.body);
  if (handles.length) {
    await tx.query(
      `INSERT INTO post_mention (post_id, user_id)
       SELECT $1, u.id FROM app_user u WHERE u.handle = ANY($2::citext[]) AND u.id <> $3
         AND EXISTS (SELECT 1 FROM working_group_membership m WHERE m.working_group_id = $4 AND m.user_id = u.id AND m.state = 'active')`,
      [row.id, handles, users[post.by], groupId],
    );
  }
  for (const [emoji, reactors] of Object.entries(post.reactions ?? {})) {
    for (const reactor of reactors) await tx.query(`INSERT INTO post_reaction (post_id, user_id, emoji) VALUES ($1, $2, $3)`, [row.id, users[reactor], emoji]);
  }
  return row.id;
}

/** Working groups of DESIGN.md §13 with chairs, members and a few multilingual threads (no outbox events: nothing to notify). */
@Injectable()
export class DiscussionsDemoStep implements DemoSeedStep {
  readonly name = 'working groups and discussions';
  readonly after = ['users', 'organisations'];

  async run(tx: Transaction, context: DemoSeedContext): Promise<void> {
    const users = context.ids.users;
    let minutesAgo = 60 * 24 * 20;
    for (const group of DEMO_GROUPS) {
      const [row] = await tx.query(
        `INSERT INTO working_group (slug, name, mandate, visibility, join_policy, gcm_objectives, countries, created_by_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
        [group.slug, group.name, group.mandate, group.visibility, group.joinPolicy, group.gcmObjectives, group.countries, users.secretariat],
      );
      const groupId: string = row.id;
      for (const [key, spec] of Object.entries(group.members)) {
        const [role, state = 'active'] = spec.split(':');
        await tx.query(
          `INSERT INTO working_group_membership (working_group_id, user_id, role, state, invited_by_id, joined_at)
           VALUES ($1, $2, $3, $4, $5, CASE WHEN $4 = 'active' THEN now() - interval '30 days' END)`,
          [groupId, users[key], role, state, state === 'invited' ? users.secretariat : null],
        );
      }
      for (const thread of group.threads) {
        const [first] = thread.posts;
        const [threadRow] = await tx.query(
          `INSERT INTO thread (working_group_id, title, author_id, pinned, is_announcement, post_count, last_post_seq, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $6, now() - make_interval(mins => $7)) RETURNING id`,
          [groupId, thread.title, users[first.by], thread.pinned ?? false, thread.announcement ?? false, thread.posts.length, minutesAgo],
        );
        const postIds: string[] = [];
        for (const [index, post] of thread.posts.entries()) {
          minutesAgo -= 37 + index * 11;
          postIds.push(await insertPost(tx, threadRow.id, index + 1, post, users, postIds, groupId, minutesAgo));
        }
        await tx.query(`UPDATE thread SET last_activity_at = (SELECT max(created_at) FROM post WHERE thread_id = $1) WHERE id = $1`, [threadRow.id]);
        // Each author has read up to their own last post; the rest stays unread so the demo shows counts.
        await tx.query(
          `INSERT INTO thread_read_state (user_id, thread_id, last_read_seq)
           SELECT author_id, thread_id, max(seq) FROM post WHERE thread_id = $1 GROUP BY author_id, thread_id`,
          [threadRow.id],
        );
        minutesAgo -= 60 * 18;
      }
    }
  }
}

/** Registers the demo groups and threads with the seeder (imported by the apps that seed). */
@Module({ providers: [{ provide: DEMO_SEED_STEP, useClass: DiscussionsDemoStep }] })
export class DiscussionsDemoModule {}
