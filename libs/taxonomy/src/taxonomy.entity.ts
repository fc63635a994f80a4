import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One of the 23 objectives of the Global Compact for Migration. Seeded by migration. */
@Entity('gcm_objective')
export class GcmObjective {
  @PrimaryColumn('smallint')
  number: number;

  @Column('text')
  title: string;
}

/** ISO 3166-1 alpha-2 country, or the pseudo-country `regional`. Seeded by migration. */
@Entity('country')
export class Country {
  @PrimaryColumn('text')
  code: string;

  @Column('text')
  name: string;

  /** Asia-Pacific sub-region (ESCAP grouping) or null outside the region. */
  @Column('text', { nullable: true })
  subregion: string | null;
}

@Entity('organisation_type')
export class OrganisationTypeRow {
  @PrimaryColumn('text')
  code: string;

  @Column('text')
  label: string;
}
