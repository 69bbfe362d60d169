import type { INestApplication } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import {
  DocumentBuilder,
  type OpenAPIObject,
  type OperationObject,
  type ResponseObject,
  SwaggerModule,
} from '@nestjs/swagger';
import {
  CreateOrderResponseDto,
  DestinationInquiryResponseDto,
  ErrorResult,
  OrderDetailResponseBodyDto,
  OrderDetailResponseDto,
  OrderDto,
  OrderNotFoundDto,
  ProductQueryResponseDto,
  ResultInfoResponseDto,
  UserValidateResponseDto,
} from '@kios/dana-protocol';
import { SESSION_COOKIE } from '../admin/access/session-cookie';
import { ADMIN_SECURITY, ADMIN_SESSION_SECURITY, ADMIN_TAG } from '../admin/admin-api-docs';
import { DANA_ENDPOINT, type DanaEndpointOptions } from '../http/dana-endpoint.metadata';
import { DtoSchemas, type SchemaOverrides } from './dto-schemas';
import { type ServedDanaApi, specExamples } from './spec-examples';

const DANA_TAG = 'DANA Digital Goods';

const TITLES: Record<ServedDanaApi, string> = {
  productQuery: 'Get List of Product',
  destinationInquiry: 'Destination Inquiry',
  createOrder: 'Create Order',
  orderQuery: 'Get Order Detail',
  userValidate: 'User Validate',
};

const RESPONSES: Record<ServedDanaApi, new () => object> = {
  productQuery: ProductQueryResponseDto,
  destinationInquiry: DestinationInquiryResponseDto,
  createOrder: CreateOrderResponseDto,
  orderQuery: OrderDetailResponseDto,
  userValidate: UserValidateResponseDto,
};

/** Get Order Detail answers full orders and `40 EMPTY` stubs side by side (docs/dana-protocol.md §3.4). */
const OVERRIDES: SchemaOverrides = new Map([
  [
    OrderDetailResponseBodyDto,
    {
      orders: (schemas) => ({
        type: 'array',
        items: { oneOf: [schemas.ref(OrderDto), schemas.ref(OrderNotFoundDto)] },
      }),
    },
  ],
]);

const DESCRIPTION = `kios sells digital goods to DANA through DANA's Digital Goods APIs.

The DANA endpoints take and answer signed envelopes (docs/dana-protocol.md §1.4, §2): \`{"request": {"head", "body"}, "signature"}\`,
where \`signature\` is the base64 RSA-SHA256 signature of the exact JSON text of the \`request\` member with DANA's
private key; kios answers \`{"response": {"head", "body"}, "signature"}\` signed with its own key. Every answer,
errors included, is such an envelope; errors carry a \`resultInfo\` block with kios's own result codes
(docs/dana-protocol.md §1.7). Money is in minor units (rupiah x 100) as digit strings; times are GMT+7
(\`YYYY-MM-DDTHH:mm:ss+07:00\`, docs/dana-protocol.md §1.6). Each endpoint's examples are those of its section in
docs/dana-protocol.md §3.

/health, /ready and /metrics are for the orchestrator and Prometheus; /admin is for operators and auditors, with
the bearer token KIOS_ADMIN_TOKEN.`;

/** Every controller method marked `@DanaEndpoint`, by the operationId the swagger scanner gives it. */
function danaEndpoints(app: INestApplication): Map<string, DanaEndpointOptions> {
  const endpoints = new Map<string, DanaEndpointOptions>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const controller of module.controllers.values()) {
      const prototype = (controller.metatype as { prototype?: Record<string, unknown> } | null)?.prototype;
      if (!prototype) continue;
      for (const method of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[method];
        const options =
          typeof handler === 'function'
            ? (Reflect.getMetadata(DANA_ENDPOINT, handler) as DanaEndpointOptions | undefined)
            : undefined;
        if (options) endpoints.set(`${controller.metatype!.name}_${method}`, options);
      }
    }
  }
  return endpoints;
}

function errorAnswer(description: string, schemas: DtoSchemas): ResponseObject {
  return {
    description: `${description}; a signed envelope whose body is a resultInfo block`,
    content: { 'application/json': { schema: schemas.ref(ResultInfoResponseDto) } },
  };
}

function describeDanaOperation(
  operation: OperationObject,
  { api, envelope }: DanaEndpointOptions,
  schemas: DtoSchemas,
): void {
  if (!(api in specExamples)) throw new Error(`no docs/dana-protocol.md example for the DANA API ${api}`);
  const served = api as ServedDanaApi;
  const example = specExamples[served];
  operation.tags = [DANA_TAG];
  operation.summary = `${TITLES[served]} (${example.section})`;
  operation.requestBody = {
    required: true,
    content: { 'application/json': { schema: schemas.ref(envelope), example: example.request } },
  };
  const status = (kind: keyof typeof ErrorResult) => ErrorResult[kind].httpStatus;
  operation.responses = {
    '200': {
      description: `${TITLES[served]} answered; business failures are answered here too, with their status`,
      content: { 'application/json': { schema: schemas.ref(RESPONSES[served]), example: example.response } },
    },
    [status('PARAM_ILLEGAL')]: errorAnswer(
      'PARAM_ILLEGAL (a field is missing or wrong) or FUNCTION_MISMATCH',
      schemas,
    ),
    [status('INVALID_SIGNATURE')]: errorAnswer('INVALID_SIGNATURE', schemas),
    [status('REQUEST_TOO_LARGE')]: errorAnswer('REQUEST_TOO_LARGE', schemas),
    [status('SYSTEM_ERROR')]: errorAnswer('SYSTEM_ERROR (never after an order was stored)', schemas),
  };
}

/**
 * kios's OpenAPI document: every route the app serves as Nest's swagger scanner finds it, the DANA
 * endpoints described from their envelope DTOs with the examples of docs/dana-protocol.md.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('kios')
      .setDescription(DESCRIPTION)
      .setVersion('2.0')
      .addTag(DANA_TAG, 'Called by DANA (docs/dana-protocol.md §3.1–§3.4, §3.7)')
      .addTag(
        ADMIN_TAG,
        'For operators and auditors: people sign in at /admin/sign-in (a session cookie; roles auditor and admin), scripts send KIOS_ADMIN_TOKEN',
      )
      .addTag('Operations', 'For the orchestrator and Prometheus')
      .addBearerAuth(
        { type: 'http', scheme: 'bearer', bearerFormat: 'opaque', description: 'KIOS_ADMIN_TOKEN' },
        ADMIN_SECURITY,
      )
      .addCookieAuth(
        SESSION_COOKIE,
        {
          type: 'apiKey',
          in: 'cookie',
          description:
            'the session /admin/sign-in sets; a non-GET request also carries its CSRF token (x-csrf-token)',
        },
        ADMIN_SESSION_SECURITY,
      )
      .build(),
  );
  const endpoints = danaEndpoints(app);
  const describeAll = (schemas: DtoSchemas) => {
    for (const pathItem of Object.values(document.paths)) {
      for (const operation of Object.values(pathItem) as OperationObject[]) {
        const endpoint = endpoints.get(operation.operationId ?? '');
        if (endpoint) describeDanaOperation(operation, endpoint, schemas);
      }
    }
    return schemas;
  };
  // The first pass finds the class names several envelopes share, the second names them apart.
  const schemas = describeAll(
    new DtoSchemas(OVERRIDES, describeAll(new DtoSchemas(OVERRIDES)).sharedClassNames()),
  );
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, ...schemas.components },
  };
  return document;
}
