import { BadRequestException } from '@nestjs/common';
import type { FinalPurchaseOutcome } from '@kios/fulfillment';

/** What order_detail keeps of a serial number or a token (OrderDetailRow: varchar(128)), as kios-cli checks. */
const RECEIPT_TEXT_MAX = 128;

/** The body of POST /admin/orders/:requestId/settle, as a form or JSON sends it. */
export interface SettlementForm {
  outcome?: unknown;
  serialNumber?: unknown;
  token?: unknown;
  reason?: unknown;
  evidence?: unknown;
}

const trimmed = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');

function receiptText(field: string, value: unknown): string {
  const text = trimmed(value);
  if (text === '') throw new BadRequestException(`${field} is required for a succeeded outcome`);
  if (text.length > RECEIPT_TEXT_MAX) {
    throw new BadRequestException(`${field} is longer than ${RECEIPT_TEXT_MAX} characters`);
  }
  return text;
}

/**
 * The outcome and evidence a settlement form says, or a 400 naming what is wrong. Only the shape of
 * the request is checked here; whether the order may be settled is SettleOrder's to decide.
 */
export function settlementOf(form: SettlementForm | undefined): {
  outcome: FinalPurchaseOutcome;
  evidence: string;
} {
  const evidence = trimmed(form?.evidence);
  if (evidence === '')
    throw new BadRequestException('evidence is required: where the supplier’s records show this outcome');
  if (form?.outcome === 'succeeded') {
    const token = trimmed(form.token) === '' ? {} : { token: receiptText('token', form.token) };
    return {
      outcome: {
        status: 'succeeded',
        serialNumber: receiptText('serialNumber', form.serialNumber),
        ...token,
      },
      evidence,
    };
  }
  if (form?.outcome === 'failed') {
    const reason = trimmed(form.reason);
    if (reason === '') throw new BadRequestException('reason is required for a failed outcome');
    return { outcome: { status: 'failed', reason }, evidence };
  }
  throw new BadRequestException('outcome must be succeeded or failed');
}
