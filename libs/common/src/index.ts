export * from './error-envelope';
export * from './error.filter';
export * from './errors';
export * from './pagination';
export * from './request-context';
export * from './validation';
export * from './markdown';
export * from './openapi-errors';
