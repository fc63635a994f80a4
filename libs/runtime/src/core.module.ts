import { DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { ConfigModule } from '@meridian/config';
import { DatabaseModule } from '@meridian/database';
import { QueueModule } from '@meridian/queue';
import { TaxonomyModule } from '@meridian/taxonomy';
import type { IncomingMessage } from 'node:http';
import type { ResolvedConfig } from './runtime';

/** Infrastructure every Meridian process needs: config, JSON logs, PostgreSQL, queues, taxonomies. */
@Module({})
export class CoreModule {
  static forRoot(config: ResolvedConfig): DynamicModule {
    return {
      module: CoreModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot({
          forRoutes: [{ path: '{*splat}', method: RequestMethod.ALL }],
          pinoHttp: {
            level: config.logLevel,
            genReqId: (request: IncomingMessage) => (request as IncomingMessage & { id: string }).id,
            redact: {
              paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', '*.password', '*.token', '*.refreshToken'],
              censor: '[redacted]',
            },
            autoLogging: { ignore: (request) => request.url === '/health' },
            serializers: { req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url?.split('?')[0] }) },
          },
        }),
        DatabaseModule.forRoot({ url: config.databaseUrl, migrationsRun: config.embeddedDatabase }),
        QueueModule.forRoot(
          config.redisUrl
            ? { kind: 'redis', redisUrl: config.redisUrl, prefix: config.queuePrefix }
            : { kind: 'postgres', databaseUrl: config.databaseUrl, prefix: config.queuePrefix },
        ),
        TaxonomyModule,
      ],
      exports: [ConfigModule, DatabaseModule, QueueModule],
    };
  }
}
