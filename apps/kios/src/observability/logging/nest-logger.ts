import type { LoggerService } from '@nestjs/common';
import { Logger, PinoLogger } from 'nestjs-pino';
import type { Logger as Pino } from 'pino';
import { logScopes } from './log-scope';

/**
 * nestjs-pino's Nest-to-pino adapter, on the logger of the scope being run (LogScope) or, outside
 * any, the root logger it was given, so each app writes where it was told.
 */
class ScopedPinoLogger extends PinoLogger {
  constructor(private readonly root: Pino) {
    super({ pinoHttp: { logger: root } });
  }

  override get logger(): Pino {
    return logScopes.getStore()?.logger ?? this.root;
  }
}

/**
 * What Nest logs through (`new Logger('CreateOrder')` everywhere in kios, Nest's own start-up and
 * error lines): the root pino logger, or the request's child logger while a request is handled.
 */
export function nestLoggerOn(root: Pino): LoggerService {
  return new Logger(new ScopedPinoLogger(root), {});
}
