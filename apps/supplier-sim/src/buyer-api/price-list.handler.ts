import { priceListFilter } from '../catalog/price-list';
import { priceListSign } from '../protocol/signatures';
import { authRefusal, plainRefusal, type BuyerApiContext, type HandlerAnswer } from './context';

/**
 * `POST /v1/price-list` `{cmd: "prepaid"|"pasca", username, sign, code?, category?, brand?, type?}`,
 * sign = md5(username + key + "pricelist"). Digiflazz limits the whole list to one call per 5 minutes
 * (rc 83); supplier-sim does so per cmd when given an interval, or when told to (priceListRateLimited).
 */
export function priceList(context: BuyerApiContext, body: Record<string, unknown>): HandlerAnswer {
  const command = typeof body.cmd === 'string' ? body.cmd : undefined;
  const answer = (data: HandlerAnswer['body'], misbehaviour?: string): HandlerAnswer => ({
    body: data,
    created: false,
    misbehaviour,
    log: { command },
  });
  const refused = authRefusal(context, body, priceListSign);
  if (refused) return answer(plainRefusal(refused));
  if (command !== 'prepaid' && command !== 'pasca') {
    return answer(plainRefusal('40', 'cmd must be "prepaid" or "pasca"'));
  }
  if (context.modes.takePriceListRateLimit()) return answer(plainRefusal('83'), 'price_list_rate_limited');
  const { priceListIntervalMs } = context.config;
  const last = context.lastPriceList.get(command);
  if (priceListIntervalMs > 0 && last !== undefined && context.now() - last < priceListIntervalMs) {
    return answer(plainRefusal('83'));
  }
  context.lastPriceList.set(command, context.now());
  return answer({ data: context.priceList.list(command, priceListFilter(body)) });
}
