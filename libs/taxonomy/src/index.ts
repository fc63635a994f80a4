export * from './taxonomy';
export * from './taxonomy.entity';
export * from './taxonomy.module';
export * from './taxonomy.service';
export * from './taxonomy-http.module';
