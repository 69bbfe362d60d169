import {
  type DanaDestinationInfo,
  type DanaStatus,
  formatRupiah,
  InvalidMoney,
  type MoneyWire,
  parseMoney,
} from '@kios/dana-protocol';
import { type Style, styleStatus } from './colour';

/** `10 SUCCESS`, coloured by what it means. */
export function statusText(style: Style, status: DanaStatus | undefined): string {
  if (!status) return style.bad('no status');
  return styleStatus(style, status.status, `${status.code} ${status.status}`);
}

/** `Rp 10.250`; a malformed amount is shown as sent, so a kios bug stays visible. */
export function rupiah(money: MoneyWire | undefined): string {
  if (!money) return '-';
  try {
    return formatRupiah(parseMoney(money));
  } catch (error) {
    if (error instanceof InvalidMoney) return `${JSON.stringify(money)} (not valid money)`;
    throw error;
  }
}

/** `081234567992`, or `12345678 zone 2345` for game accounts with a server. */
export function destinationText(destination: DanaDestinationInfo | undefined): string {
  if (!destination) return '-';
  return destination.secondaryParam
    ? `${destination.primaryParam} zone ${destination.secondaryParam}`
    : destination.primaryParam;
}

export function secondsText(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
