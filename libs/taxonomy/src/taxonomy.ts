/** Organisation types; the `organisation_type` table holds the same codes with labels. */
export const ORGANISATION_TYPES = ['government', 'academia', 'research_institute', 'cso', 'international_org', 'other'] as const;
export type OrganisationType = (typeof ORGANISATION_TYPES)[number];

export const REGIONAL = 'regional';
