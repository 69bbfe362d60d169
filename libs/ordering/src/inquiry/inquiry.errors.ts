import { formatDanaTime } from '@kios/dana-protocol';

export class InquiryNotFound extends Error {
  override readonly name = 'InquiryNotFound';
  constructor(readonly inquiryId: string) {
    super(`inquiry ${inquiryId} was not found`);
  }
}

export class InquiryExpired extends Error {
  override readonly name = 'InquiryExpired';
  constructor(
    readonly inquiryId: string,
    readonly expiresAt: Date,
  ) {
    super(`inquiry ${inquiryId} expired at ${formatDanaTime(expiresAt)}`);
  }
}

export class InquiryAlreadyConsumed extends Error {
  override readonly name = 'InquiryAlreadyConsumed';
  constructor(
    readonly inquiryId: string,
    readonly consumedBy: string,
  ) {
    super(`inquiry ${inquiryId} was already used by order ${consumedBy}`);
  }
}
