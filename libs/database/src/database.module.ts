import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { dataSourceOptions } from './data-source-options';
import { Database, Transactions } from './database';

export interface DatabaseModuleOptions {
  url: string;
  /** Apply pending migrations at boot (the embedded default); production runs `npm run migration:run`. */
  migrationsRun: boolean;
}

@Global()
@Module({})
export class DatabaseModule {
  static forRoot(options: DatabaseModuleOptions): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRoot({
          ...dataSourceOptions(options.url, { migrationsRun: options.migrationsRun }),
          // Fail fast: the process manager restarts us; retry loops hide a wrong DATABASE_URL.
          retryAttempts: 0,
        }),
      ],
      global: true,
      providers: [Database, Transactions],
      exports: [Database, Transactions],
    };
  }
}
