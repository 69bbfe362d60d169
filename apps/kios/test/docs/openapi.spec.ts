import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OpenAPIObject, OperationObject, SchemaObject } from '@nestjs/swagger';
import { IsEmail } from 'class-validator';
import {
  CreateOrderRequestDto,
  CreateOrderResponseDto,
  DestinationInquiryRequestDto,
  DestinationInquiryResponseDto,
  OrderDetailRequestDto,
  OrderDetailResponseDto,
  ProductQueryRequestDto,
  ProductQueryResponseDto,
  UserValidateRequestDto,
  UserValidateResponseDto,
  validateEnvelope,
} from '@kios/dana-protocol';
import { DtoSchemas } from '../../src/docs/dto-schemas';
import { generateOpenApiDocument, openApiJson } from '../../src/docs/openapi-generation';
import { type ServedDanaApi, specExamples } from '../../src/docs/spec-examples';

const committedFile = join(__dirname, '../../../../docs/openapi.json');

describe('the OpenAPI document', () => {
  let document: OpenAPIObject;

  beforeAll(async () => {
    document = await generateOpenApiDocument();
  });

  const schema = (name: string) => document.components!.schemas![name] as SchemaObject;

  it('is committed as generated: run `npm run docs:openapi` when this fails', () => {
    expect(JSON.parse(readFileSync(committedFile, 'utf8'))).toEqual(JSON.parse(openApiJson(document)));
  });

  it('describes the four DANA endpoints with their envelope DTOs, the example of docs/dana-protocol.md and the signed error answers', () => {
    const createOrder = document.paths['/order/create'].post!;
    expect(createOrder.summary).toBe('Create Order (docs/dana-protocol.md §3.3)');
    expect(createOrder.requestBody).toMatchObject({
      content: {
        'application/json': {
          schema: { $ref: '#/components/schemas/CreateOrderRequestDto' },
          example: specExamples.createOrder.request,
        },
      },
    });
    expect(Object.keys(createOrder.responses).sort()).toEqual(['200', '400', '401', '413', '500']);
    expect(createOrder.responses['401']).toMatchObject({
      content: { 'application/json': { schema: { $ref: '#/components/schemas/ResultInfoResponseDto' } } },
    });
    for (const path of ['/product', '/destination/inquiry', '/order/detail', '/userValidate']) {
      expect(document.paths[path].post!.tags).toEqual(['DANA Digital Goods']);
    }
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/health', '/ready', '/metrics']));
  });

  it('documents the admin API with its two ways in on every route: a bearer token or the session cookie', () => {
    const adminOperations = Object.entries(document.paths)
      .filter(([path]) => path.startsWith('/admin/'))
      .flatMap(([, item]) => Object.values(item) as OperationObject[]);
    expect(adminOperations.length).toBeGreaterThanOrEqual(7);
    for (const operation of adminOperations) {
      expect(operation.security).toEqual(
        expect.arrayContaining([{ 'admin-token': [] }, { 'admin-session': [] }]),
      );
      expect(operation.security).toHaveLength(2);
    }
    expect(document.components!.securitySchemes!['admin-token']).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
    expect(document.components!.securitySchemes!['admin-session']).toMatchObject({
      type: 'apiKey',
      in: 'cookie',
      name: 'kios_admin_session',
    });
    // The sign-in page and sign-out are for people's browsers, not part of the API.
    expect(Object.keys(document.paths).filter((path) => path.startsWith('/admin/sign-'))).toEqual([]);
  });

  it("reads each field's schema from the DTO's validation rules", () => {
    expect(schema('CreateOrderBodyDto')).toMatchObject({
      required: ['requestId', 'productId', 'destinationInfo', 'danaSellingPrice'],
      properties: {
        requestId: { type: 'string', minLength: 1, maxLength: 64 },
        destinationInfo: { $ref: '#/components/schemas/DestinationInfoDto' },
        extendInfo: { oneOf: [{ type: 'string' }, { type: 'object' }] },
      },
    });
    expect(schema('MoneyDto').properties).toEqual({
      value: { type: 'string', pattern: '^\\d{1,19}$' },
      currency: { type: 'string', enum: ['IDR'] },
    });
    expect(schema('OrderDetailBodyDto').properties!.orderIdentifiers).toEqual({
      type: 'array',
      minItems: 1,
      maxItems: 100,
      items: { $ref: '#/components/schemas/OrderIdentifierDto' },
    });
    expect(schema('ProductQueryBodyDto')).toMatchObject({
      required: ['type'],
      properties: { provider: { description: expect.stringContaining('unless type is WATER') } },
    });
    expect(schema('RequestHeadDto').properties!.reqTime).toMatchObject({
      pattern: expect.stringContaining('+07:00'),
    });
    // Every envelope's members are documented apart, though the envelope factory gives them one class name.
    expect(schema('CreateOrderRequestDto.request').properties!.body).toEqual({
      $ref: '#/components/schemas/CreateOrderBodyDto',
    });
  });

  it('documents User Validate (docs/dana-protocol.md §3.7): the flat body, and the answer with resultInfo and userStatus', () => {
    const userValidate = document.paths['/userValidate'].post!;
    expect(userValidate.summary).toBe('User Validate (docs/dana-protocol.md §3.7)');
    expect(Object.keys(userValidate.responses).sort()).toEqual(['200', '400', '401', '413', '500']);
    expect(schema('UserValidateBodyDto')).toMatchObject({
      required: ['primaryParam', 'productId'],
      properties: {
        primaryParam: { type: 'string', minLength: 1, maxLength: 64 },
        secondaryParam: { type: 'string', minLength: 0, maxLength: 64 },
      },
    });
    expect(schema('UserValidateResponseBodyDto')).toMatchObject({
      required: ['resultInfo', 'userStatus'],
      properties: { userStatus: { $ref: '#/components/schemas/StatusDto' } },
    });
  });

  it('stops at a validation rule it cannot document rather than leaving it out', () => {
    class ContactDto {
      @IsEmail()
      email!: string;
    }
    expect(() => new DtoSchemas().ref(ContactDto)).toThrow(
      'ContactDto.email: no OpenAPI form for the rule isEmail',
    );
  });
});

describe('the examples of docs/dana-protocol.md shown in the document', () => {
  const envelopes: Record<ServedDanaApi, [new () => object, new () => object]> = {
    productQuery: [ProductQueryRequestDto, ProductQueryResponseDto],
    destinationInquiry: [DestinationInquiryRequestDto, DestinationInquiryResponseDto],
    createOrder: [CreateOrderRequestDto, CreateOrderResponseDto],
    orderQuery: [OrderDetailRequestDto, OrderDetailResponseDto],
    userValidate: [UserValidateRequestDto, UserValidateResponseDto],
  };

  it.each(Object.keys(envelopes) as ServedDanaApi[])('are valid %s envelopes by the DTOs', (api) => {
    const [request, response] = envelopes[api];
    expect(validateEnvelope(request, specExamples[api].request)).toMatchObject({ ok: true });
    expect(validateEnvelope(response, specExamples[api].response)).toMatchObject({ ok: true });
  });
});
