export * from './processor-coverage';
export * from './queue.module';
export * from './queues';
