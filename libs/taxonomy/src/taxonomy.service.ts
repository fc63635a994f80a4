import { Injectable } from '@nestjs/common';
import { InvalidFieldError } from '@meridian/common';
import { DataSource } from 'typeorm';
import { Country, GcmObjective, OrganisationTypeRow } from './taxonomy.entity';

/** Reads the seeded taxonomies and rejects values outside them with a 400 naming the field. */
@Injectable()
export class TaxonomyService {
  private countryCodes?: Promise<Set<string>>;

  constructor(private readonly dataSource: DataSource) {}

  gcmObjectives(): Promise<GcmObjective[]> {
    return this.dataSource.getRepository(GcmObjective).find({ order: { number: 'ASC' } });
  }

  countries(): Promise<Country[]> {
    return this.dataSource.getRepository(Country).find({ order: { name: 'ASC' } });
  }

  organisationTypes(): Promise<OrganisationTypeRow[]> {
    return this.dataSource.getRepository(OrganisationTypeRow).find({ order: { label: 'ASC' } });
  }

  /** The taxonomy only changes by migration, so one read per process is enough. */
  private knownCountryCodes(): Promise<Set<string>> {
    this.countryCodes ??= this.dataSource
      .getRepository(Country)
      .find({ select: { code: true } })
      .then((rows) => new Set(rows.map((row) => row.code)))
      .catch((error: unknown) => {
        this.countryCodes = undefined; // a failed read (database briefly down) is retried next time, not cached
        throw error;
      });
    return this.countryCodes;
  }

  async assertCountry(field: string, code: string): Promise<void> {
    if (!(await this.knownCountryCodes()).has(code)) {
      throw new InvalidFieldError(field, `${field} must be an ISO 3166-1 alpha-2 code or "regional"; "${code}" is not one`);
    }
  }

  async assertCountries(field: string, codes: string[]): Promise<void> {
    for (const [index, code] of codes.entries()) await this.assertCountry(`${field}.${index}`, code);
  }
}
