import { DanaFunction, DanaPath } from '@kios/dana-protocol';

/**
 * What kios knows about its DANA-facing routes: which DANA API a route serves and with which envelope,
 * written on the handler by `@DanaEndpoint` and read by the request guard and the OpenAPI document.
 */
export type DanaApi = keyof typeof DanaFunction;

export interface DanaEndpointOptions {
  api: DanaApi;
  /** The class-validator DTO of the whole request envelope. */
  envelope: new () => object;
}

/** The metadata key `@DanaEndpoint` sets on a route handler. */
export const DANA_ENDPOINT = 'kios:dana-endpoint';

/**
 * The APIs DANA calls on kios (docs/dana-protocol.md §1.2, rows 1–4, and User Validate, §3.7); orderComplete and
 * notifyProductStatus are kios calling DANA.
 */
const SERVED_APIS: DanaApi[] = [
  'productQuery',
  'destinationInquiry',
  'createOrder',
  'orderQuery',
  'userValidate',
];

/** The DANA API served at a path, if any: error answers are signed envelopes only there. */
export function danaApiForPath(path: string): DanaApi | undefined {
  const route = path.split('?')[0];
  return SERVED_APIS.find((api) => route.endsWith(DanaPath[api]));
}
