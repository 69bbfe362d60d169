import { ErrorResult } from '@kios/dana-protocol';

export type ErrorKind = keyof typeof ErrorResult;

/** A request DANA sent that kios refuses before any business processing. */
export class DanaProtocolException extends Error {
  override readonly name = 'DanaProtocolException';

  constructor(
    readonly kind: ErrorKind,
    message: string,
  ) {
    super(message);
  }
}
