import { DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { destination } from 'pino';
import type { Options } from 'pino-http';
import { ConfigModule } from '@meridian/config';
import { DatabaseModule } from '@meridian/database';
import { QueueModule } from '@meridian/queue';
import type { IncomingMessage } from 'node:http';
import { serializeLoggedError, serializeLoggedRequest } from './log-serializers';
import type { ResolvedConfig } from './runtime';

function httpLoggerOptions(config: ResolvedConfig): Options {
  return {
    level: config.logLevel,
    genReqId: (request: IncomingMessage) => (request as IncomingMessage & { id: string }).id,
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', '*.password', '*.token', '*.refreshToken'],
      censor: '[redacted]',
    },
    autoLogging: { ignore: (request) => request.url === '/health' },
    serializers: { req: serializeLoggedRequest, err: serializeLoggedError },
  };
}

/** Infrastructure every Meridian process needs: config, JSON logs, PostgreSQL, queues. */
@Module({})
export class CoreModule {
  static forRoot(config: ResolvedConfig): DynamicModule {
    return {
      module: CoreModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot({
          forRoutes: [{ path: '{*splat}', method: RequestMethod.ALL }],
          // Asynchronous stdout: a synchronous write per request line costs a large share of a cheap request;
          // pino flushes what is buffered on exit.
          pinoHttp: [httpLoggerOptions(config), destination({ dest: 1, sync: false })],
        }),
        DatabaseModule.forRoot({ url: config.databaseUrl, migrationsRun: config.embeddedDatabase }),
        QueueModule.forRoot(
          config.redisUrl
            ? { kind: 'redis', redisUrl: config.redisUrl, prefix: config.queuePrefix }
            : { kind: 'postgres', databaseUrl: config.databaseUrl, prefix: config.queuePrefix },
        ),
      ],
      exports: [ConfigModule, DatabaseModule, QueueModule],
    };
  }
}
