import type { DanaDestinationInfo } from '@kios/dana-protocol';
import type { Destination } from '@kios/fulfillment';

/** DANA's destinationInfo as kios keeps it: `billAmount` is for open-amount bills, which kios does not sell. */
export function destinationOf(info: DanaDestinationInfo): Destination {
  return {
    primaryParam: info.primaryParam,
    ...(info.secondaryParam === undefined ? {} : { secondaryParam: info.secondaryParam }),
  };
}
