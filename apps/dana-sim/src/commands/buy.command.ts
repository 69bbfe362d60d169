import { parseArgs } from 'node:util';
import { systemClock } from '@kios/dana-protocol';
import { type CallbackSource, openCallbackSource } from '../callbacks/callback-source';
import { callbackOptions, kiosOptions, portOption, positionals, positiveNumber } from '../cli/options';
import { destinationInfo, openKiosApi } from '../kios/kios-api';
import type { FinalStatus } from '../orders/final-status';
import { newRequestId } from '../orders/request-id';
import { destinationText, rupiah, secondsText, statusText } from '../output/dana-format';
import { pad } from '../output/table';
import { purchase, type PurchaseStep } from '../purchase/purchase';
import type { SimContext } from '../sim-context';

export const buyUsage = `dana-sim buy <productId> <destination> [--zone <id>] [--wait] [--timeout 60]
             [--request-id <id>] [--callback-port 8090] [--callback-host 0.0.0.0] [--kios <url>] [--json]

  DANA's purchase (docs/dana-protocol.md §5.2), one line per step: Destination Inquiry, then Create Order with a
  fresh requestId (or --request-id, to replay one) charging the inquiry's total. With --wait a
  PENDING order is followed to its final status: from the Order Complete Callback, received on
  --callback-port (the port of kios's KIOS_DANA_BASE_URL) or read from the dana-sim serve already
  there, else by polling Get Order Detail. A callback the receiver refused (bad signature or shape,
  or a misbehaviour asked of the serve) is reported as refused, with the reason it answered kios.
  Exit code 0 when the order ends SUCCESS and its callback, if one came, was accepted (or the order
  is still PENDING without --wait).

  example: dana-sim buy TSEL-10K 081234567992 --wait`;

const POLL_MS = 500;
/** A callback follows the final status within the dispatcher's first poll; 5 s leaves room for a retry. */
const CALLBACK_GRACE_MS = 5_000;
const LABEL_WIDTH = 9;

export async function buy(args: string[], context: SimContext): Promise<number> {
  const { values, positionals: given } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      ...kiosOptions,
      ...callbackOptions,
      zone: { type: 'string' },
      wait: { type: 'boolean', default: false },
      timeout: { type: 'string', default: '60' },
      'request-id': { type: 'string' },
    },
  });
  const [productId, primaryParam] = positionals(given, ['<productId>', '<destination>'], buyUsage);
  const timeoutMs = positiveNumber(values.timeout, '--timeout', 'seconds') * 1000;
  const api = await openKiosApi(context, values.kios);
  const requestId = values['request-id'] ?? newRequestId(systemClock.now());

  let source: CallbackSource | undefined;
  if (values.wait) {
    const opened = await openCallbackSource({
      port: portOption(values['callback-port'], '--callback-port'),
      host: values['callback-host'],
      dana: api.client,
      now: () => systemClock.now(),
    });
    source = opened.source;
    if (!opened.source) context.note(`dana-sim: ${opened.reason}; polling Get Order Detail instead`);
  }
  try {
    const outcome = await purchase(
      api,
      {
        productId,
        destination: destinationInfo(primaryParam, values.zone),
        requestId,
        ...(values.wait
          ? { wait: { source, timeoutMs, pollMs: POLL_MS, callbackGraceMs: CALLBACK_GRACE_MS } }
          : {}),
      },
      (step) => {
        if (!values.json) context.print(describeStep(context, productId, step));
      },
    );
    if (values.json) context.printJson({ requestId, ...outcome });
    const ended = outcome.endStatus?.status;
    if (outcome.final?.via === 'refused') return 1;
    return ended === 'SUCCESS' || (ended === 'PENDING' && !values.wait) ? 0 : 1;
  } finally {
    await source?.close();
  }
}

function line(label: string, text: string): string {
  return `${pad(label, LABEL_WIDTH)} ${text}`;
}

function describeStep(context: SimContext, productId: string, step: PurchaseStep): string {
  const { style } = context;
  switch (step.step) {
    case 'inquiry': {
      const { result } = step;
      const status = statusText(style, result.inquiryStatus);
      if (result.inquiryStatus?.status !== 'SUCCESS') {
        return line(
          'inquiry',
          `${productId} for ${destinationText(result.destinationInfo)}: ${status} ${result.inquiryStatus?.message ?? ''}; no order placed`,
        );
      }
      const customer = result.customerName ? `, ${result.customerName}` : '';
      return line(
        'inquiry',
        `${productId} for ${destinationText(result.destinationInfo)}: ${status}${customer}, total ${rupiah(result.totalAmount)} ${style.dim(`(${result.inquiryId ?? 'no inquiryId'})`)}`,
      );
    }
    case 'order': {
      const { order } = step;
      return line(
        'order',
        `${order.requestId}: ${statusText(style, order.orderStatus)}${delivered(order.serialNumber, order.token)} ` +
          style.dim(`(orderId ${order.orderId}, ${secondsText(step.latencyMs)})`),
      );
    }
    case 'waiting':
      return line(
        'waiting',
        step.source
          ? `for the Order Complete Callback on ${step.source.description}; Get Order Detail every ${secondsText(step.pollMs)} as well`
          : `polling Get Order Detail every ${secondsText(step.pollMs)}`,
      );
    case 'final':
      return describeFinal(context, step.final);
  }
}

function describeFinal({ style }: SimContext, final: FinalStatus): string {
  const after = style.dim(`(${secondsText(final.afterMs)} later)`);
  switch (final.via) {
    case 'callback': {
      const { callback } = final;
      const orders = callback.orders ?? {};
      const trust = callback.signatureValid ? 'signature ok' : style.bad('signature INVALID');
      return line(
        'callback',
        `${statusText(style, callback.orderStatus)}${delivered(orders.serialNumber, orders.token)}, ${trust} ${after}`,
      );
    }
    case 'refused': {
      const { callback } = final;
      const orders = callback.orders ?? {};
      return line(
        'refused',
        `${statusText(style, callback.orderStatus)}${delivered(orders.serialNumber, orders.token)}: ` +
          `${style.bad('the callback was refused')}, ${final.reason} ${after}`,
      );
    }
    case 'detail': {
      const { order } = final;
      const serial = 'serialNumber' in order ? delivered(order.serialNumber, order.token) : '';
      const why = final.callbackMissing ? `; no callback came within ${secondsText(CALLBACK_GRACE_MS)}` : '';
      return line('detail', `${statusText(style, order.orderStatus)}${serial}${why} ${after}`);
    }
    case 'timeout':
      return line(
        'timeout',
        style.warn(
          `still ${final.order.orderStatus?.status ?? 'unknown'} after ${secondsText(final.afterMs)}`,
        ),
      );
  }
}

/** `, serial 1234…, token 5678…` for what the order delivered so far. */
function delivered(serialNumber: unknown, token: unknown): string {
  const parts = [
    typeof serialNumber === 'string' && serialNumber !== '' ? `serial ${serialNumber}` : '',
    typeof token === 'string' && token !== '' ? `token ${token}` : '',
  ].filter(Boolean);
  return parts.length > 0 ? `, ${parts.join(', ')}` : '';
}
