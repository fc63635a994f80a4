import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { DemoSeeder } from './demo-seeder';

/** The demo seeder; the steps come from the modules that provide DEMO_SEED_STEP. */
@Module({ imports: [DiscoveryModule], providers: [DemoSeeder], exports: [DemoSeeder] })
export class SeedModule {}
