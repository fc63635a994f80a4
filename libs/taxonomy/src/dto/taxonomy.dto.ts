import { ApiProperty } from '@nestjs/swagger';

export class GcmObjectiveDto {
  /** 1–23 */
  number: number;
  title: string;
}

export class CountryDto {
  /** ISO 3166-1 alpha-2, or `regional` */
  code: string;
  name: string;

  @ApiProperty({ type: String, nullable: true, description: 'Asia-Pacific sub-region (ESCAP grouping); null outside the region' })
  subregion: string | null;
}

export class OrganisationTypeDto {
  code: string;
  label: string;
}

export class GcmObjectiveListDto {
  items: GcmObjectiveDto[];
}

export class CountryListDto {
  items: CountryDto[];
}

export class OrganisationTypeListDto {
  items: OrganisationTypeDto[];
}
