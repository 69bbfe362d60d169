import { RequiredObject, RequiredText } from '../validation/field-rules';
import { RequestHeadDto, ResponseHeadDto } from './head.dto';

type BodyClass<Body> = new () => Body;

/**
 * Envelope DTO classes (docs/dana-protocol.md §1.4), one per API, built from the body class so that a single
 * `validateEnvelope(ProductQueryRequestDto, parsed)` checks head, body and signature member together.
 */
export function signedRequestEnvelope<Body extends object>(bodyClass: BodyClass<Body>, name: string) {
  class RequestMemberDto {
    @RequiredObject(() => RequestHeadDto)
    head!: RequestHeadDto;

    @RequiredObject(() => bodyClass)
    body!: Body;
  }
  class SignedRequestDto {
    @RequiredObject(() => RequestMemberDto)
    request!: RequestMemberDto;

    // Its value is checked cryptographically before validation; here only its presence.
    @RequiredText(1, 1024)
    signature!: string;
  }
  return named(SignedRequestDto, name);
}

export function signedResponseEnvelope<Body extends object>(bodyClass: BodyClass<Body>, name: string) {
  class ResponseMemberDto {
    @RequiredObject(() => ResponseHeadDto)
    head!: ResponseHeadDto;

    @RequiredObject(() => bodyClass)
    body!: Body;
  }
  class SignedResponseDto {
    @RequiredObject(() => ResponseMemberDto)
    response!: ResponseMemberDto;

    @RequiredText(1, 1024)
    signature!: string;
  }
  return named(SignedResponseDto, name);
}

/** Distinct class names keep error reports and generated API schemas apart. */
function named<C extends abstract new () => object>(envelopeClass: C, name: string): C {
  Object.defineProperty(envelopeClass, 'name', { value: name });
  return envelopeClass;
}
