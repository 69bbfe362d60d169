import {
  GetOrderDetails,
  GetOrderDetailsHandler,
  type OrderDetails,
  type ReportedOrder,
} from '@kios/ordering';
import { orderingFixture } from './ordering.fixture';

/** The order_detail read model as GetOrderDetails sees it, holding `rows`. */
function readModel(rows: ReportedOrder[] = []): OrderDetails {
  return {
    getMany: async (requestIds) =>
      new Map(rows.filter((row) => requestIds.includes(row.requestId)).map((row) => [row.requestId, row])),
  };
}

describe('GetOrderDetails handler', () => {
  it('reads from the order stream what the read model lacks, and leaves out orders kios never saw', async () => {
    const kios = await orderingFixture();
    await kios.createOrder({ requestId: 'REQ-SUCCESS', destination: { primaryParam: '081234567890' } });
    await kios.createOrder({ requestId: 'REQ-PENDING', destination: { primaryParam: '081234567992' } });
    const handler = new GetOrderDetailsHandler(readModel(), kios.store);

    const details = await handler.execute(new GetOrderDetails(['REQ-SUCCESS', 'REQ-PENDING', 'REQ-UNKNOWN']));

    expect([...details.keys()].sort()).toEqual(['REQ-PENDING', 'REQ-SUCCESS']);
    expect(details.get('REQ-SUCCESS')).toMatchObject({ status: 'SUCCESS' });
    expect(details.get('REQ-PENDING')).toMatchObject({ status: 'PENDING' });
    expect(details.get('REQ-SUCCESS')).not.toHaveProperty('callback');
  });

  it('answers a final order from the read model, and a PENDING one from its stream, which may be newer', async () => {
    const kios = await orderingFixture();
    await kios.createOrder({ requestId: 'REQ-SUCCESS', destination: { primaryParam: '081234567890' } });
    await kios.createOrder({ requestId: 'REQ-LAGGING', destination: { primaryParam: '081234567891' } });
    const fromStream = await new GetOrderDetailsHandler(readModel(), kios.store).execute(
      new GetOrderDetails(['REQ-SUCCESS', 'REQ-LAGGING']),
    );
    const finalRow = { ...fromStream.get('REQ-SUCCESS')!, serialNumber: 'AS-THE-READ-MODEL-HAS-IT' };
    const laggingRow: ReportedOrder = { ...fromStream.get('REQ-LAGGING')!, status: 'PENDING' };
    const handler = new GetOrderDetailsHandler(readModel([finalRow, laggingRow]), kios.store);

    const details = await handler.execute(new GetOrderDetails(['REQ-SUCCESS', 'REQ-LAGGING']));

    expect(details.get('REQ-SUCCESS')).toEqual(finalRow);
    expect(details.get('REQ-LAGGING')).toMatchObject({ status: 'SUCCESS' });
  });
});
