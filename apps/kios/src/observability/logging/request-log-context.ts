import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { storage } from 'nestjs-pino/storage';

export interface RequestLogFields {
  reqMsgId?: string;
  function?: string;
  requestId?: string;
  requestIds?: string[];
  orderId?: string;
}

/**
 * Fields every later line of the request being handled carries, including pino-http's
 * "request completed" line. nestjs-pino keeps the request's logger in an AsyncLocalStorage, so
 * code deep inside a handler logs with them without passing anything along.
 */
@Injectable()
export class RequestLogContext {
  constructor(private readonly logger: PinoLogger) {}

  /** Outside a request (a background job, start-up) there is nothing to add to: a no-op. */
  assign(fields: RequestLogFields): void {
    if (storage.getStore() === undefined) return;
    const defined = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
    if (Object.keys(defined).length > 0) this.logger.assign(defined);
  }
}
