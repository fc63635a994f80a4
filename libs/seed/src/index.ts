export * from './demo-data';
export * from './demo-seeder';
export * from './seed.module';
