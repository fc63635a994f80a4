import { Module } from '@nestjs/common';
import { TaxonomyController } from './taxonomy.controller';

/** `GET /taxonomy/…` (api process only; TaxonomyService itself is global, from CoreModule). */
@Module({ controllers: [TaxonomyController] })
export class TaxonomyHttpModule {}
