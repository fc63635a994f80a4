export * from './data-source-options';
export * from './database';
export * from './database.module';
export * from './embedded-postgres';
export * from './snake-naming.strategy';
export * from './sql-params';
export * from './unique-violation';
