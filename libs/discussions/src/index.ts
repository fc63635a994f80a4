export * from './entities/post-mention.entity';
export * from './entities/post-reaction.entity';
export * from './entities/post-revision.entity';
export * from './entities/post.entity';
export * from './entities/thread-read-state.entity';
export * from './entities/thread-subscription.entity';
export * from './entities/thread.entity';
export * from './discussions.module';
