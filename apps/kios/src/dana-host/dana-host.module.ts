import { Module } from '@nestjs/common';
import { DanaHost } from './dana-host';

/** What kios sends to DANA's host, shared by the callbacks and the product status notices. */
@Module({ providers: [DanaHost], exports: [DanaHost] })
export class DanaHostModule {}
