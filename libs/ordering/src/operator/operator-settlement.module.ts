import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { SettleOrderHandler } from './settle-order.handler';

/**
 * SettleOrder on the CommandBus (docs/digiflazz.md §10). It needs only `EVENT_STORE` and `CLOCK`
 * (global modules), so kios-cli imports it on its own, as it does CallbackRetryModule.
 */
@Module({ imports: [CqrsModule], providers: [SettleOrderHandler] })
export class OperatorSettlementModule {}
