import type { DanaClient, DanaOrder } from '@kios/dana-protocol';

export interface TrafficResult {
  requestId: string;
  startedAt: number;
  endedAt: number;
  problem?: string;
}

/**
 * DANA buying at full speed: Create Order (the simulator settles these numbers at once), then Get
 * Order Detail, which must answer exactly the order Create Order answered.
 */
export function runCreateOrderTraffic(client: DanaClient, prefix: string, workerCount = 3) {
  let running = true;
  const results: TrafficResult[] = [];
  const body = async <T>(request: ReturnType<DanaClient['presign']>): Promise<T> => {
    const reply = await client.send(request);
    if (reply.httpStatus !== 200 || !reply.signature.ok) throw new Error(`HTTP ${reply.httpStatus}`);
    return reply.envelope.response.body as T;
  };
  const worker = async (id: number) => {
    for (let n = 0; running; n += 1) {
      const requestId = `${prefix}-${id}-${n}`;
      const startedAt = Date.now();
      let problem: string | undefined;
      try {
        const { order } = await body<{ order: DanaOrder }>(
          client.presign('createOrder', {
            requestId,
            productId: 'TSEL-10K',
            // Ends in 5: the simulator's "anything else", SUCCESS at once (docs/architecture.md §7).
            destinationInfo: {
              primaryParam: `0813${String(id).padStart(2, '0')}${String(n).padStart(5, '0')}5`,
            },
            danaSellingPrice: { value: '1025000', currency: 'IDR' },
          }),
        );
        if (order.orderStatus.status !== 'SUCCESS')
          problem = `Create Order answered ${order.orderStatus.status}`;
        const { orders } = await body<{ orders: DanaOrder[] }>(
          client.presign('orderQuery', { orderIdentifiers: [{ requestId }] }),
        );
        if (JSON.stringify(orders) !== JSON.stringify([order])) {
          problem ??= `Get Order Detail answered ${JSON.stringify(orders)} after Create Order answered ${JSON.stringify(order)}`;
        }
      } catch (error) {
        problem = (error as Error).message;
      }
      results.push({ requestId, startedAt, endedAt: Date.now(), problem });
    }
  };
  const workers = Array.from({ length: workerCount }, (_, id) => worker(id));
  return {
    results,
    async stop(): Promise<TrafficResult[]> {
      running = false;
      await Promise.all(workers);
      return results;
    },
  };
}
