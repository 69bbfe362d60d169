// What the envelope validation specs share: a valid head, bodies, and edits that break them.
import { validateEnvelope } from '../src/validation/validate-envelope';

export type Json = Record<string, unknown>;
export type Path = (string | number)[];

/** `request.body.destinationInfos[0].primaryParam` → ['request','body','destinationInfos',0,'primaryParam'] */
export function toPath(text: string): Path {
  return text.split('.').flatMap((part) => {
    const [name, ...indexes] = part.split(/\[(\d+)\]/).filter((piece) => piece !== '');
    return [name, ...indexes.map(Number)];
  });
}

export function edit(
  envelope: Json,
  pathText: string,
  change: (parent: Json, key: string | number) => void,
): Json {
  const copy = structuredClone(envelope);
  const path = toPath(pathText);
  const parent = path.slice(0, -1).reduce<Json>((node, key) => node[key as string] as Json, copy);
  change(parent, path[path.length - 1]);
  return copy;
}

export const without = (envelope: Json, path: string) =>
  edit(envelope, path, (parent, key) => delete parent[key]);
export const withValue = (envelope: Json, path: string, value: unknown) =>
  edit(envelope, path, (parent, key) => (parent[key] = value));

export function errorsOf(dto: new () => object, plain: unknown): string[] {
  const result = validateEnvelope(dto, plain);
  return result.ok ? [] : result.errors;
}

export const HEAD = {
  version: '2.0',
  function: 'dana.digital.goods.order.create',
  reqTime: '2026-11-26T10:00:00+07:00',
  reqMsgId: '2b9f4a70-5c11-4d2e-8c0a-77e1e3d9b512',
};
export const request = (body: Json): Json => ({
  request: { head: { ...HEAD }, body },
  signature: 'c2lnbmF0dXJl',
});
export const response = (body: Json): Json => ({
  response: {
    head: { version: '2.0', function: HEAD.function, respTime: HEAD.reqTime, reqMsgId: HEAD.reqMsgId },
    body,
  },
  signature: 'c2lnbmF0dXJl',
});

export const money = (value: string) => ({ value, currency: 'IDR' });
export const product = {
  productId: 'PLN-POSTPAID',
  type: 'ELECTRICITY_POSTPAID',
  provider: 'pln',
  price: money('24800000'),
  availability: true,
};
export const order = {
  requestId: '20261126100000123456789',
  orderId: 'ORD-7781002',
  createdTime: '2026-11-26T10:06:11+07:00',
  modifiedTime: '2026-11-26T10:08:39+07:00',
  destinationInfo: { primaryParam: '532110012345' },
  orderStatus: { code: '10', status: 'SUCCESS', message: 'Success' },
  serialNumber: 'REF-PLN-99887766',
  token: '',
  product,
};
