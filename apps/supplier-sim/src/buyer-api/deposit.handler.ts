import { depositSign } from '../protocol/signatures';
import { authRefusal, plainRefusal, type BuyerApiContext, type HandlerAnswer } from './context';

/** `POST /v1/cek-saldo` `{cmd: "deposit", username, sign}`, sign = md5(username + key + "depo"). */
export function deposit(context: BuyerApiContext, body: Record<string, unknown>): HandlerAnswer {
  const command = typeof body.cmd === 'string' ? body.cmd : undefined;
  const answer = (data: HandlerAnswer['body']): HandlerAnswer => ({
    body: data,
    created: false,
    log: { command },
  });
  const refused = authRefusal(context, body, depositSign);
  if (refused) return answer(plainRefusal(refused));
  if (command !== 'deposit') return answer(plainRefusal('40', 'cmd must be "deposit"'));
  return answer({ data: { deposit: context.book.deposit } });
}
