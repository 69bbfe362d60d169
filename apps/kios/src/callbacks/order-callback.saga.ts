import { Injectable } from '@nestjs/common';
import { type ICommand, type IEvent, ofType, Saga } from '@nestjs/cqrs';
import { map, type Observable } from 'rxjs';
import { DeliverOrderCallback } from './deliver-order-callback.command';
import { OrderCallbackFellDue } from './order-callback-fell-due.event';

/** The Order Complete Callback saga: a callback that fell due is delivered. */
@Injectable()
export class OrderCallbackSaga {
  @Saga()
  deliverDueCallbacks = (events$: Observable<IEvent>): Observable<ICommand> =>
    events$.pipe(
      ofType(OrderCallbackFellDue),
      map((event) => new DeliverOrderCallback(event.requestId)),
    );
}
