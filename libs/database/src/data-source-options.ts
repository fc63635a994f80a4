import { join } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import { SnakeNamingStrategy } from './snake-naming.strategy';

/** From dist/libs/database/src (or libs/database/src under ts-jest) to every lib's entities and the migrations. */
export const ENTITY_GLOB = join(__dirname, '../../*/src/**/*.entity.{js,ts}');
export const MIGRATION_GLOB = join(__dirname, '../../../migrations/*.{js,ts}');

/** The one description of how Meridian talks to PostgreSQL: used by the app, the CLI data source and the tests. */
export function dataSourceOptions(url: string, overrides: Partial<DataSourceOptions> = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: [ENTITY_GLOB],
    migrations: [MIGRATION_GLOB],
    migrationsTableName: 'typeorm_migration',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    installExtensions: false,
    uuidExtension: 'pgcrypto',
    extra: { max: 10 },
    ...overrides,
  } as DataSourceOptions;
}
