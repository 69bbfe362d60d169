import type { LoggerService } from '@nestjs/common';
import { Logger, PinoLogger } from 'nestjs-pino';
import { storage } from 'nestjs-pino/storage';
import type { Logger as Pino } from 'pino';

/**
 * nestjs-pino keeps its out-of-request logger in a module-wide variable set by the first one made;
 * this one always falls back to the root logger it was given, so each app writes where it was told.
 */
class RootBoundPinoLogger extends PinoLogger {
  constructor(private readonly root: Pino) {
    super({ pinoHttp: { logger: root } });
  }

  override get logger(): Pino {
    return storage.getStore()?.logger ?? this.root;
  }
}

/**
 * What Nest logs through (`new Logger('CreateOrder')` everywhere in kios, Nest's own start-up and
 * error lines): the root pino logger, or the request's child logger while a request is handled.
 */
export function nestLoggerOn(root: Pino): LoggerService {
  return new Logger(new RootBoundPinoLogger(root), {});
}
