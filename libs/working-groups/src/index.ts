export * from './entities/working-group.entity';
export * from './entities/working-group-membership.entity';
export * from './entities/working-group-subscription.entity';
export * from './working-groups.module';
