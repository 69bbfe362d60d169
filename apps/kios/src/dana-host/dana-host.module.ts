import { Module } from '@nestjs/common';
import { DANA_HOST } from '@kios/dana-protocol';
import { DanaHost } from './dana-host';

/**
 * What kios sends to DANA's host, shared by the callbacks and the product status notices; also as
 * DANA_HOST, the port DeliverOrderCallback (libs/ordering) posts through.
 */
@Module({
  providers: [DanaHost, { provide: DANA_HOST, useExisting: DanaHost }],
  exports: [DanaHost, DANA_HOST],
})
export class DanaHostModule {}
