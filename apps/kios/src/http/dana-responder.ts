import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock, formatDanaTime, signedEnvelopeAsync } from '@kios/dana-protocol';
import { KIOS_CONFIG, type KiosConfig } from '../config/kios-config';

/**
 * Builds kios's signed response envelopes: serialised once, signed once (docs/dana-protocol.md §2.5), the RSA work
 * in the thread pool so that answering does not hold up the requests behind it.
 */
@Injectable()
export class DanaResponder {
  constructor(
    @Inject(KIOS_CONFIG) private readonly config: KiosConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  envelope(fn: string, reqMsgId: string | undefined, body: object): Promise<string> {
    const head = {
      version: '2.0',
      function: fn,
      respTime: formatDanaTime(this.clock.now()),
      ...(reqMsgId === undefined ? {} : { reqMsgId }),
    };
    return signedEnvelopeAsync('response', { head, body }, this.config.keys.merchantPrivateKey);
  }
}
