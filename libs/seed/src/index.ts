export * from './demo-seed-step';
export * from './demo-seeder';
export * from './seed.module';
