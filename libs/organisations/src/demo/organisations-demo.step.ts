import { Injectable, Module } from '@nestjs/common';
import { AuditService } from '@meridian/audit';
import type { Transaction } from '@meridian/database';
import { DEMO_SEED_STEP, DemoSeedContext, DemoSeedStep } from '@meridian/seed';
import type { OrganisationType } from '@meridian/taxonomy';

interface DemoOrganisation {
  key: string;
  name: string;
  acronym: string;
  type: OrganisationType;
  country: string;
  website: string;
  description: string;
  status: 'approved' | 'applied';
}

export const DEMO_ORGANISATIONS: DemoOrganisation[] = [
  { key: 'escap', name: 'United Nations Economic and Social Commission for Asia and the Pacific', acronym: 'ESCAP', type: 'international_org', country: 'TH', website: 'https://www.unescap.org', description: 'Regional commission of the United Nations; co-chairs the regional thematic working group on migration.', status: 'approved' },
  { key: 'iom', name: 'International Organization for Migration, Regional Office for Asia and the Pacific', acronym: 'IOM', type: 'international_org', country: 'TH', website: 'https://www.iom.int', description: 'UN migration agency, regional office in Bangkok.', status: 'approved' },
  { key: 'ilo', name: 'International Labour Organization, Regional Office for Asia and the Pacific', acronym: 'ILO', type: 'international_org', country: 'TH', website: 'https://www.ilo.org', description: 'Labour migration, fair recruitment and decent work.', status: 'approved' },
  { key: 'unhcr', name: 'UNHCR Regional Bureau for Asia and the Pacific', acronym: 'UNHCR', type: 'international_org', country: 'TH', website: 'https://www.unhcr.org', description: 'Refugee protection and mixed movements.', status: 'approved' },
  { key: 'unwomen', name: 'UN Women Regional Office for Asia and the Pacific', acronym: 'UN Women', type: 'international_org', country: 'TH', website: 'https://asiapacific.unwomen.org', description: 'Women migrant workers and gender-responsive migration governance.', status: 'approved' },
  { key: 'unodc', name: 'UNODC Regional Office for Southeast Asia and the Pacific', acronym: 'UNODC', type: 'international_org', country: 'TH', website: 'https://www.unodc.org', description: 'Trafficking in persons and smuggling of migrants.', status: 'approved' },
  { key: 'dmw', name: 'Department of Migrant Workers, Philippines', acronym: 'DMW', type: 'government', country: 'PH', website: 'https://dmw.gov.ph', description: 'Protection and welfare of overseas Filipino workers.', status: 'approved' },
  { key: 'kemnaker', name: 'Ministry of Manpower, Republic of Indonesia', acronym: 'Kemnaker', type: 'government', country: 'ID', website: 'https://kemnaker.go.id', description: 'Labour placement and protection of Indonesian migrant workers.', status: 'approved' },
  { key: 'moless', name: 'Ministry of Labour, Employment and Social Security, Nepal', acronym: 'MoLESS', type: 'government', country: 'NP', website: 'https://moless.gov.np', description: 'Foreign employment policy of Nepal.', status: 'approved' },
  { key: 'slbfe', name: 'Sri Lanka Bureau of Foreign Employment', acronym: 'SLBFE', type: 'government', country: 'LK', website: 'https://www.slbfe.lk', description: 'Regulation and welfare of Sri Lankan migrant workers.', status: 'approved' },
  { key: 'moewoe', name: "Ministry of Expatriates' Welfare and Overseas Employment, Bangladesh", acronym: 'MoEWOE', type: 'government', country: 'BD', website: 'https://probashi.gov.bd', description: 'Overseas employment and the welfare of Bangladeshi expatriates.', status: 'approved' },
  { key: 'kdn', name: 'Ministry of Home Affairs, Malaysia', acronym: 'KDN', type: 'government', country: 'MY', website: 'https://www.moha.gov.my', description: 'Immigration and anti-trafficking policy.', status: 'approved' },
  { key: 'smc', name: 'Scalabrini Migration Center', acronym: 'SMC', type: 'research_institute', country: 'PH', website: 'https://www.smc.org.ph', description: 'Research on international migration in Asia; publishes the Asian and Pacific Migration Journal.', status: 'approved' },
  { key: 'arcm', name: 'Asian Research Center for Migration, Chulalongkorn University', acronym: 'ARCM', type: 'research_institute', country: 'TH', website: 'https://www.arcmthailand.com', description: 'Migration research in the Mekong region.', status: 'approved' },
  { key: 'ipsr', name: 'Institute for Population and Social Research, Mahidol University', acronym: 'IPSR', type: 'academia', country: 'TH', website: 'https://ipsr.mahidol.ac.th', description: 'Population, migration and health research.', status: 'approved' },
  { key: 'mfa', name: 'Migrant Forum in Asia', acronym: 'MFA', type: 'cso', country: 'PH', website: 'https://mfasia.org', description: 'Regional network of NGOs, associations and trade unions of migrant workers.', status: 'approved' },
  { key: 'tfamw', name: 'Task Force on ASEAN Migrant Workers', acronym: 'TFAMW', type: 'cso', country: 'regional', website: 'https://www.workersrights.org', description: 'Civil-society task force that drafted a framework instrument on migrant workers through national and regional consultations.', status: 'approved' },
  { key: 'gaatw', name: 'Global Alliance Against Traffic in Women', acronym: 'GAATW', type: 'cso', country: 'TH', website: 'https://gaatw.org', description: 'Alliance of NGOs working on the rights of migrant women and against trafficking.', status: 'approved' },
  { key: 'nids', name: 'Nepal Institute of Development Studies', acronym: 'NIDS', type: 'research_institute', country: 'NP', website: 'https://nids.org.np', description: 'Research on labour migration and remittances (application waiting for the secretariat).', status: 'applied' },
];

type DemoOrganisationRole = 'owner' | 'member';

/** Demo user key (the users step's) → organisation key → role. */
const DEMO_MEMBERSHIPS: Record<string, Record<string, DemoOrganisationRole>> = {
  secretariat: { escap: 'owner' },
  iom: { iom: 'owner' },
  ilo: { ilo: 'owner' },
  dmw: { dmw: 'owner' },
  kemnaker: { kemnaker: 'owner' },
  moless: { moless: 'owner' },
  smc: { smc: 'owner' },
  arcm: { arcm: 'owner', ipsr: 'member' },
  mfa: { mfa: 'owner' },
  tfamw: { tfamw: 'owner', mfa: 'member' },
  gaatw: { gaatw: 'owner' },
  iom2: { iom: 'member' },
  nids: { nids: 'owner' },
};

/** Demo user key → organisations they asked to join (waiting for an owner). */
const DEMO_JOIN_REQUESTS: Record<string, string[]> = { dewi: ['smc'] };

const acronymOf = (key: string) => DEMO_ORGANISATIONS.find((organisation) => organisation.key === key)?.acronym ?? key;

/** What a member's demo login is for: their organisations and roles, join requests, a pending application. */
function describeMember(userKey: string): string {
  const organisations = DEMO_MEMBERSHIPS[userKey] ?? {};
  const memberships = Object.entries(organisations).map(([key, role]) => `${role} of ${acronymOf(key)}`);
  const requests = (DEMO_JOIN_REQUESTS[userKey] ?? []).map((key) => `asked to join ${acronymOf(key)}`);
  const applied = DEMO_ORGANISATIONS.some((organisation) => organisation.status === 'applied' && organisations[organisation.key]) ? ' (application pending)' : '';
  return [...memberships, ...requests].join(', ') + applied;
}

/** The organisations of DESIGN.md §13, their members and a join request; approvals are in the audit log. */
@Injectable()
export class OrganisationsDemoStep implements DemoSeedStep {
  readonly name = 'organisations';
  readonly after = ['users'];

  constructor(private readonly audit: AuditService) {}

  async run(tx: Transaction, context: DemoSeedContext): Promise<void> {
    const users = context.ids.users;
    const organisations: Record<string, string> = (context.ids.organisations = {});
    for (const organisation of DEMO_ORGANISATIONS) {
      const owner = Object.keys(DEMO_MEMBERSHIPS).find((userKey) => DEMO_MEMBERSHIPS[userKey][organisation.key] === 'owner');
      const [row] = await tx.query(
        `INSERT INTO organisation (name, acronym, type, country, website, description, status, created_by_id, approved_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, CASE WHEN $7 = 'approved' THEN now() END) RETURNING id`,
        [organisation.name, organisation.acronym, organisation.type, organisation.country, organisation.website, organisation.description, organisation.status, owner ? users[owner] : null],
      );
      organisations[organisation.key] = row.id;
      // The secretariat's approvals are in the audit log, as they would be had they been made through the API.
      if (organisation.status === 'approved') {
        await this.audit.record(tx, {
          actorId: users.secretariat,
          action: 'organisation.approve',
          targetType: 'organisation',
          targetId: row.id,
          before: { status: 'applied' },
          after: { status: 'approved', reason: 'Founding member of the network' },
        });
      }
    }
    for (const [userKey, memberships] of Object.entries(DEMO_MEMBERSHIPS)) {
      for (const [organisationKey, role] of Object.entries(memberships)) {
        await tx.query(`INSERT INTO organisation_membership (organisation_id, user_id, role, state) VALUES ($1, $2, $3, 'active')`, [organisations[organisationKey], users[userKey], role]);
      }
    }
    for (const [userKey, organisationKeys] of Object.entries(DEMO_JOIN_REQUESTS)) {
      for (const organisationKey of organisationKeys) {
        await tx.query(`INSERT INTO organisation_membership (organisation_id, user_id, role, state) VALUES ($1, $2, 'member', 'requested')`, [organisations[organisationKey], users[userKey]]);
      }
    }
    for (const [userKey, login] of context.logins) {
      if (login.role === 'member') login.role = describeMember(userKey);
    }
  }
}

/** Registers the demo organisations with the seeder (imported by the apps that seed). */
@Module({ providers: [{ provide: DEMO_SEED_STEP, useClass: OrganisationsDemoStep }] })
export class OrganisationsDemoModule {}
