import { validateEnvelope, type DanaClient, type ResultInfo } from '@kios/dana-protocol';

type RequestEnvelope = { request: { head: { function: string } } };

export interface CheckedKiosRequest<E extends RequestEnvelope> {
  /** The validated envelope; undefined when its shape is wrong. */
  envelope?: E;
  /** kios's signature over the raw bytes of `request` (docs/dana-protocol.md §2.6). */
  signatureValid: boolean;
  /** Everything wrong with it (signature, shape, function); empty when nothing is. */
  problems: string[];
}

function parseOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** DANA's checks on a request kios sends it (the callback, the notify): signature first, then shape and function. */
export function checkKiosRequest<E extends RequestEnvelope>(
  dana: DanaClient,
  dto: new () => E,
  fn: string,
  bodyText: string,
): CheckedKiosRequest<E> {
  const signature = dana.verifyKiosRequest(bodyText);
  const validated = validateEnvelope(dto, parseOrUndefined(bodyText));
  const envelope = validated.ok ? validated.value : undefined;
  const problems = [
    ...(signature.ok ? [] : [`signature: ${signature.reason}`]),
    ...(validated.ok ? [] : validated.errors),
    ...(envelope && envelope.request.head.function !== fn
      ? [`request.head.function is ${envelope.request.head.function}, not ${fn}`]
      : []),
  ];
  return { envelope, signatureValid: signature.ok, problems };
}

/**
 * DANA's `F` for a request with problems, undefined for a sound one. Retrying such a request
 * unchanged cannot help, so it is refused rather than left unknown.
 */
export function refusalOf(checked: CheckedKiosRequest<RequestEnvelope>): ResultInfo | undefined {
  if (checked.problems.length === 0) return undefined;
  if (!checked.signatureValid) {
    return {
      resultStatus: 'F',
      resultCodeId: '00000002',
      resultCode: 'INVALID_SIGNATURE',
      resultMsg: 'signature does not verify with the merchant public key',
    };
  }
  return {
    resultStatus: 'F',
    resultCodeId: '00000001',
    resultCode: 'PARAM_ILLEGAL',
    resultMsg: checked.problems.join('; '),
  };
}
