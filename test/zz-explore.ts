import { KiosProcess } from './support/kios-process';
async function main() {
  const kios = new KiosProcess({ env: { KIOS_LOG_LEVEL: 'debug', KIOS_SUPPLIER_BUDGET_MS: '1000', KIOS_DANA_BASE_URL: 'http://127.0.0.1:9' } });
  await kios.start();
  const dana = kios.client();
  const r1 = await dana.createOrder({ requestId: 'R-explore-1', productId: 'TSEL-10K', destinationInfo: { primaryParam: '081234567123' }, danaSellingPrice: { value: '1025000', currency: 'IDR' } } as any);
  console.log('create', r1.httpStatus, JSON.stringify(r1.envelope.response.body.order.orderStatus));
  const r2 = await dana.createOrder({ requestId: 'R-explore-2', productId: 'TSEL-10K', destinationInfo: { primaryParam: '081234567994' }, danaSellingPrice: { value: '1025000', currency: 'IDR' } } as any);
  console.log('create', r2.httpStatus, JSON.stringify(r2.envelope.response.body.order.orderStatus));
  const r3 = await dana.orderDetail({ orderIdentifiers: [{ requestId: 'R-explore-1' }] } as any);
  console.log('detail', r3.httpStatus);
  const bad = await fetch(kios.baseUrl + '/order/create', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ request: { head: { reqMsgId: 'bad-1', function: 'x' }, body: { requestId: 'R-bad' } }, signature: 'AAAA' }) });
  console.log('bad', bad.status);
  const m = await (await fetch(`http://127.0.0.1:${kios.port}/metrics`)).text();
  console.log(m.split('\n').filter((l) => /^kios_(dana_request_duration_seconds_count|orders|callback|supplier)/.test(l)).join('\n'));
  await kios.kill();
  console.log(kios.log.split('\n').filter((l) => !/RouterExplorer|RoutesResolver|InstanceLoader/.test(l)).join('\n'));
}
void main();
