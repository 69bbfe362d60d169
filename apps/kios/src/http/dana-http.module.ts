import { Global, Module } from '@nestjs/common';
import { DanaExceptionFilter } from './dana-exception.filter';
import { DanaRequestGuard } from './dana-request.guard';
import { DanaResponder } from './dana-responder';
import { DanaResponseInterceptor } from './dana-response.interceptor';

/** The signed HTTP pipeline every DANA endpoint goes through. */
@Global()
@Module({
  providers: [DanaResponder, DanaRequestGuard, DanaResponseInterceptor, DanaExceptionFilter],
  exports: [DanaResponder, DanaRequestGuard, DanaResponseInterceptor, DanaExceptionFilter],
})
export class DanaHttpModule {}
