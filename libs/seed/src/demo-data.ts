import type { OrganisationType } from '@meridian/taxonomy';

/** The password of every demo account (printed at start; demo only). */
export const DEMO_PASSWORD = 'meridian-demo-2026';

export interface DemoOrganisation {
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

export interface DemoUser {
  key: string;
  email: string;
  displayName: string;
  handle: string;
  platformRole: 'member' | 'secretariat' | 'admin';
  timezone: string;
  locale: string;
  /** organisation key → role */
  organisations: Record<string, 'owner' | 'member'>;
  /** organisation keys this user asked to join (waiting for an owner) */
  joinRequests?: string[];
}

export const DEMO_USERS: DemoUser[] = [
  { key: 'admin', email: 'admin@meridian.example', displayName: 'Platform Admin', handle: 'admin', platformRole: 'admin', timezone: 'Asia/Bangkok', locale: 'en', organisations: {} },
  { key: 'secretariat', email: 'secretariat@meridian.example', displayName: 'Aroon Chaiyasit', handle: 'aroon', platformRole: 'secretariat', timezone: 'Asia/Bangkok', locale: 'en', organisations: { escap: 'owner' } },
  { key: 'iom', email: 'lena.hoffmann@iom.example', displayName: 'Lena Hoffmann', handle: 'lena', platformRole: 'member', timezone: 'Asia/Bangkok', locale: 'en', organisations: { iom: 'owner' } },
  { key: 'ilo', email: 'rahul.menon@ilo.example', displayName: 'Rahul Menon', handle: 'rahul', platformRole: 'member', timezone: 'Asia/Bangkok', locale: 'en', organisations: { ilo: 'owner' } },
  { key: 'dmw', email: 'maria.santos@dmw.example', displayName: 'Maria Santos', handle: 'maria', platformRole: 'member', timezone: 'Asia/Manila', locale: 'en', organisations: { dmw: 'owner' } },
  { key: 'kemnaker', email: 'budi.hartono@kemnaker.example', displayName: 'Budi Hartono', handle: 'budi', platformRole: 'member', timezone: 'Asia/Jakarta', locale: 'id', organisations: { kemnaker: 'owner' } },
  { key: 'moless', email: 'sita.gurung@moless.example', displayName: 'Sita Gurung', handle: 'sita', platformRole: 'member', timezone: 'Asia/Kathmandu', locale: 'ne', organisations: { moless: 'owner' } },
  { key: 'smc', email: 'paolo.reyes@smc.example', displayName: 'Paolo Reyes', handle: 'paolo', platformRole: 'member', timezone: 'Asia/Manila', locale: 'en', organisations: { smc: 'owner' } },
  { key: 'arcm', email: 'nanthida.s@arcm.example', displayName: 'Nanthida Srisuk', handle: 'nanthida', platformRole: 'member', timezone: 'Asia/Bangkok', locale: 'th', organisations: { arcm: 'owner', ipsr: 'member' } },
  { key: 'mfa', email: 'joy.delacruz@mfa.example', displayName: 'Joy Dela Cruz', handle: 'joy', platformRole: 'member', timezone: 'Asia/Manila', locale: 'en', organisations: { mfa: 'owner' } },
  { key: 'tfamw', email: 'wei.lim@tfamw.example', displayName: 'Lim Wei Ling', handle: 'weiling', platformRole: 'member', timezone: 'Asia/Kuala_Lumpur', locale: 'zh', organisations: { tfamw: 'owner', mfa: 'member' } },
  { key: 'gaatw', email: 'ayesha.khan@gaatw.example', displayName: 'Ayesha Khan', handle: 'ayesha', platformRole: 'member', timezone: 'Asia/Bangkok', locale: 'en', organisations: { gaatw: 'owner' } },
  { key: 'iom2', email: 'kenji.watanabe@iom.example', displayName: 'Kenji Watanabe', handle: 'kenji', platformRole: 'member', timezone: 'Asia/Tokyo', locale: 'ja', organisations: { iom: 'member' } },
  { key: 'dewi', email: 'dewi.lestari@ui.example', displayName: 'Dewi Lestari', handle: 'dewi', platformRole: 'member', timezone: 'Asia/Jakarta', locale: 'id', organisations: {}, joinRequests: ['smc'] },
  { key: 'nids', email: 'ram.thapa@nids.example', displayName: 'Ram Thapa', handle: 'ram', platformRole: 'member', timezone: 'Asia/Kathmandu', locale: 'en', organisations: { nids: 'owner' } },
];
