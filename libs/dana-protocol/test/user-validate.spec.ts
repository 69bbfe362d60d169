import { userValidateBody } from '../src/dto/user-validate.dto';
import { UserValidateRequestDto } from '../src/envelope/request-envelopes';
import { UserValidateResponseDto } from '../src/envelope/response-envelopes';
import { DanaFunction, DanaPath, inquiryStatus } from '../src/status-codes';
import { validateEnvelope } from '../src/validation/validate-envelope';

const request = (body: Record<string, unknown>) => ({
  request: {
    head: {
      version: '2.0',
      function: DanaFunction.userValidate,
      reqTime: '2025-01-15T10:10:00+07:00',
      reqMsgId: 'c3a1f2e4-5b6d-4e7f-8a9b-0c1d2e3f4a5b',
    },
    body,
  },
  signature: '<base64>',
});

const errorsOf = (dto: new () => object, plain: unknown): string[] => {
  const result = validateEnvelope(dto, plain);
  return result.ok ? [] : result.errors;
};

const BPJS = { primaryParam: '0001234567890', productId: 'aggr_bpjs_kesehatan_1' };

describe('User Validate (docs/dana-protocol.md §3.7)', () => {
  it('is dana.digital.goods.user.validate at /userValidate', () => {
    expect(DanaFunction.userValidate).toBe('dana.digital.goods.user.validate');
    expect(DanaPath.userValidate).toBe('/userValidate');
  });

  it('takes the flat body of DANA’s sample, its empty secondaryParam included', () => {
    expect(errorsOf(UserValidateRequestDto, request({ ...BPJS, secondaryParam: '' }))).toEqual([]);
    expect(errorsOf(UserValidateRequestDto, request(BPJS))).toEqual([]);
    expect(errorsOf(UserValidateRequestDto, request({ ...BPJS, secondaryParam: '2345' }))).toEqual([]);
  });

  it.each([
    [{ productId: BPJS.productId }, 'request.body.primaryParam is required'],
    [{ ...BPJS, primaryParam: '' }, 'request.body.primaryParam must be 1-64 characters'],
    [{ ...BPJS, primaryParam: 1234567890 }, 'request.body.primaryParam must be a string'],
    [{ ...BPJS, productId: 'P'.repeat(65) }, 'request.body.productId must be 1-64 characters'],
    [{ primaryParam: BPJS.primaryParam }, 'request.body.productId is required'],
    [{ ...BPJS, secondaryParam: 'S'.repeat(65) }, 'request.body.secondaryParam must be 0-64 characters'],
    [{ ...BPJS, secondaryParam: 7 }, 'request.body.secondaryParam must be a string'],
  ])('refuses %j naming the field', (body, error) => {
    expect(errorsOf(UserValidateRequestDto, request(body))).toEqual([error]);
  });

  it('answers resultInfo and a userStatus shaped like inquiryStatus, with customerName where known', () => {
    const valid = userValidateBody(inquiryStatus('SUCCESS'), 'BUDI SANTOSO');
    expect(valid).toEqual({
      resultInfo: {
        resultStatus: 'S',
        resultCodeId: '00000000',
        resultCode: 'SUCCESS',
        resultMsg: 'success',
      },
      userStatus: { code: '10', status: 'SUCCESS', message: 'Success' },
      customerName: 'BUDI SANTOSO',
    });
    const inactive = userValidateBody(inquiryStatus('INVALID_DESTINATION', 'account …7890 is inactive'));
    expect(inactive).not.toHaveProperty('customerName');
    for (const body of [valid, inactive]) {
      const response = {
        response: {
          head: {
            version: '2.0',
            function: DanaFunction.userValidate,
            respTime: '2025-01-15T10:10:01+07:00',
            reqMsgId: 'c3a1f2e4-5b6d-4e7f-8a9b-0c1d2e3f4a5b',
          },
          body,
        },
        signature: '<base64>',
      };
      expect(errorsOf(UserValidateResponseDto, response)).toEqual([]);
    }
  });
});
