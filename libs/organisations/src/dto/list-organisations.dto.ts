import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQuery, Trim } from '@meridian/common';
import { ORGANISATION_TYPES, OrganisationType } from '@meridian/taxonomy';
import { ORGANISATION_STATUSES, OrganisationStatus } from '../entities/organisation.entity';
import { countryCode } from './transforms';

export class ListOrganisationsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ORGANISATION_TYPES })
  @IsOptional() @IsIn(ORGANISATION_TYPES)
  type?: OrganisationType;

  @ApiPropertyOptional({ description: 'ISO 3166-1 alpha-2 code, or `regional`' })
  @IsOptional() @Transform(countryCode) @IsString() @MaxLength(16)
  country?: string;

  @ApiPropertyOptional({ enum: ORGANISATION_STATUSES, description: 'Outside the secretariat only approved organisations and your own are listed, whatever the filter' })
  @IsOptional() @IsIn(ORGANISATION_STATUSES)
  status?: OrganisationStatus;

  @ApiPropertyOptional({ description: 'Text in the name or acronym, ignoring case and accents' })
  @IsOptional() @Trim() @IsString() @MaxLength(200)
  q?: string;
}
