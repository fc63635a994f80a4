import { Module } from '@nestjs/common';
import { TaxonomyController } from './taxonomy.controller';

/** `GET /taxonomy/…` (api process only; TaxonomyService itself is global, from TaxonomyModule, which each app imports). */
@Module({ controllers: [TaxonomyController] })
export class TaxonomyHttpModule {}
