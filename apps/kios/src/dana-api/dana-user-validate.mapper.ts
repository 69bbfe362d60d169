import { inquiryStatus, userValidateBody, type UserValidateBody } from '@kios/dana-protocol';
import type { UserValidationVerdict } from '@kios/ordering';

/**
 * kios's User Validate answer (docs/dana-protocol.md §3.7; the body's shape is userValidateBody's): a valid,
 * active account is `10 SUCCESS` with its holder's name where known; an unknown or inactive account
 * (or one that does not fit the product) `20 FAILED` saying which; an unknown or unavailable product,
 * or no supplier answer, the status Destination Inquiry answers for them (§4.5).
 */
export function toDanaUserValidate(verdict: UserValidationVerdict): UserValidateBody {
  switch (verdict.status) {
    case 'valid':
      return userValidateBody(inquiryStatus('SUCCESS'), verdict.customerName);
    case 'inactive':
    case 'unknown':
    case 'invalid_destination':
      return userValidateBody(inquiryStatus('INVALID_DESTINATION', verdict.reason));
    case 'product_not_found':
      return userValidateBody(inquiryStatus('DATA_NOT_FOUND', verdict.reason));
    case 'product_unavailable':
    case 'supplier_unavailable':
      return userValidateBody(inquiryStatus('GENERAL_ERROR', verdict.reason));
  }
}
