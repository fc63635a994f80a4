import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '@meridian/auth';
import { CountryListDto, GcmObjectiveListDto, OrganisationTypeListDto } from './dto/taxonomy.dto';
import { TaxonomyService } from './taxonomy.service';

/** The seeded vocabularies, for forms and filters. They change only by migration, so clients may cache them. */
@ApiTags('taxonomy')
@Controller('taxonomy')
export class TaxonomyController {
  constructor(private readonly taxonomy: TaxonomyService) {}

  /** The 23 objectives of the Global Compact for Migration, by number */
  @Get('gcm-objectives')
  @Public()
  @Header('Cache-Control', 'public, max-age=3600')
  @ApiOkResponse({ type: GcmObjectiveListDto })
  async gcmObjectives(): Promise<GcmObjectiveListDto> {
    return { items: await this.taxonomy.gcmObjectives() };
  }

  /** ISO 3166-1 countries with their Asia-Pacific sub-region, plus `regional`; by name */
  @Get('countries')
  @Public()
  @Header('Cache-Control', 'public, max-age=3600')
  @ApiOkResponse({ type: CountryListDto })
  async countries(): Promise<CountryListDto> {
    return { items: await this.taxonomy.countries() };
  }

  @Get('organisation-types')
  @Public()
  @Header('Cache-Control', 'public, max-age=3600')
  @ApiOkResponse({ type: OrganisationTypeListDto })
  async organisationTypes(): Promise<OrganisationTypeListDto> {
    return { items: await this.taxonomy.organisationTypes() };
  }
}
