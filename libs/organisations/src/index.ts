export * from './entities/organisation-membership.entity';
export * from './entities/organisation.entity';
export * from './network-membership';
export * from './network-membership.module';
