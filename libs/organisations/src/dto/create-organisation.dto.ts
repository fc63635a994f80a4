import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUrl, Length, MaxLength } from 'class-validator';
import { IsSafeDisplayText, Trim } from '@meridian/common';
import { ORGANISATION_TYPES, OrganisationType } from '@meridian/taxonomy';
import { countryCode } from './transforms';

export class CreateOrganisationDto {
  /** Unique across the network, ignoring case */
  @Trim() @IsString() @Length(2, 200) @IsSafeDisplayText()
  name: string;

  @IsOptional() @Trim() @IsString() @Length(1, 30) @IsSafeDisplayText()
  acronym?: string;

  @ApiProperty({ enum: ORGANISATION_TYPES })
  @IsIn(ORGANISATION_TYPES)
  type: OrganisationType;

  @ApiProperty({ description: 'ISO 3166-1 alpha-2 code, or `regional`', example: 'PH' })
  @Transform(countryCode) @IsString() @MaxLength(16)
  country: string;

  @ApiPropertyOptional({ example: 'https://mfasia.org' })
  @IsOptional() @Trim() @IsUrl({ protocols: ['http', 'https'], require_protocol: true }) @MaxLength(500)
  website?: string;

  @IsOptional() @IsString() @MaxLength(5000)
  description?: string;
}
