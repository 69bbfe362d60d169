import type { Offer, Product, SupplierPriceList } from '@kios/catalog';
import type { Money } from '@kios/dana-protocol';
import type { PriceListRead, SupplierAccount } from '../supplier-account';
import type {
  AccountOutcome,
  AccountRequest,
  InquiryOutcome,
  InquiryRequest,
  OfferChoice,
  PurchaseOutcome,
  PurchaseRequest,
  StatusOutcome,
  Supplier,
} from '../supplier.port';
import { routeOffers } from './route-order';
import { type HealthSettings, type HealthVerdict, SupplierHealth } from './supplier-health';
import type { SupplierRouter } from './supplier-router';

/** One supplier a routed kios buys from, by the name catalog offers give it. */
export type RoutedMember = {
  name: string;
  supplier: Supplier & { close?(): void };
  /** Its price list and deposit; none for the simulator (a probe then brings it back at once). */
  account?: SupplierAccount;
  /** KIOS_<SUPPLIER>_MIN_BALANCE: below it the supplier is skipped. */
  minBalance?: Money;
};

export type RoutedSupplierOptions = {
  members: RoutedMember[];
  health: HealthSettings;
  /** KIOS_MIN_MARGIN, minor units. */
  minMargin: bigint;
  /** Who sells a product without offers (the simulator's name, when it is a member). */
  offerless?: string;
  now: () => Date;
  /** Told when a supplier's health changes (a log line, a metric). */
  onHealthChange?: (supplier: string, verdict: HealthVerdict) => void;
};

/** No member by the name an attempt's offer gives: nothing is sent, and nothing was bought. */
export class UnroutableOffer extends Error {
  override readonly name = 'UnroutableOffer';
}

/**
 * `KIOS_SUPPLIER=routed` (docs/architecture.md §4 step 4, failover): several suppliers behind the one
 * Supplier port. It routes (routeFor: the offers in order of cost and health) and it dispatches each
 * call to the supplier of the offer the order's attempt names, handing that adapter the product with
 * that offer alone, so its sku and maxCost are the ones bought. It never decides an order's next
 * step: the order decider does, from the outcome and the route. It watches what its members answer
 * (in doubt or refused marks them down) and what their deposits say, and probe() brings them back.
 */
export class RoutedSupplier implements Supplier, SupplierRouter {
  readonly health: SupplierHealth;
  private readonly members: Map<string, RoutedMember>;
  /** The latest synced price per supplier and sku, minor units. */
  private readonly prices = new Map<string, Map<string, Money>>();
  /** The health last told to onHealthChange, per supplier (healthy when never told). */
  private readonly told = new Map<string, boolean>();
  private probing: NodeJS.Timeout | undefined;

  constructor(private readonly options: RoutedSupplierOptions) {
    this.members = new Map(options.members.map((member) => [member.name, member]));
    this.health = new SupplierHealth(options.health);
  }

  routeFor(product: Product): OfferChoice[] {
    return routeOffers(product, {
      configured: new Set(this.members.keys()),
      isHealthy: (supplier) => this.health.isHealthy(supplier),
      latestPrice: (offer) => this.prices.get(offer.supplier)?.get(offer.sku),
      minMargin: this.options.minMargin,
      ...(this.options.offerless === undefined ? {} : { offerless: this.options.offerless }),
    });
  }

  async purchase(request: PurchaseRequest): Promise<PurchaseOutcome> {
    const { member, narrowed } = this.dispatch(request);
    return this.watched(member.name, await member.supplier.purchase(narrowed));
  }

  async checkStatus(request: PurchaseRequest): Promise<StatusOutcome> {
    const { member, narrowed } = this.dispatch(request);
    return this.watched(member.name, await member.supplier.checkStatus(narrowed));
  }

  /** A bill is inquired where it will be paid: its route's one offer (routeOffers). */
  inquire(request: InquiryRequest): Promise<InquiryOutcome> {
    const { member, narrowed } = this.dispatch(request);
    return member.supplier.inquire(narrowed);
  }

  checkAccount(request: AccountRequest): Promise<AccountOutcome> {
    const { member, narrowed } = this.dispatch(request);
    return member.supplier.checkAccount(narrowed);
  }

  /** Remembers a price list (the supplier sync read it through accountOf), for routing by cost. */
  rememberPrices(list: SupplierPriceList): void {
    const bySku = new Map<string, Money>();
    for (const quote of list.quotes)
      if (quote.price !== undefined && !quote.closed) bySku.set(quote.sku, quote.price);
    this.prices.set(list.supplier, bySku);
  }

  /** The member's account, remembering what it reads: prices for routing, the deposit for health. */
  accountOf(name: string): SupplierAccount | undefined {
    const member = this.members.get(name);
    const account = member?.account;
    if (!member || !account) return undefined;
    return {
      supplier: account.supplier,
      readPriceList: async (): Promise<PriceListRead> => {
        const read = await account.readPriceList();
        if (read.status === 'read') this.rememberPrices(read.priceList);
        return read;
      },
      balance: async () => {
        const balance = await account.balance();
        this.noteHealth(name, this.health.balance(name, balance, member.minBalance));
        return balance;
      },
    };
  }

  /**
   * The account the supplier sync reads, for every member with one (docs/architecture.md §3
   * "Supplier availability"): each price-list read takes the next member's list in turn, so each
   * supplier's offers are judged by its own list and a product stays available while one of its
   * offers is; the balance is the first member's, as /ready and the balance alert name it. Undefined
   * when no member has an account (the simulator alone).
   */
  syncAccount(): SupplierAccount | undefined {
    const accounts = [...this.members.keys()].flatMap((name) => this.accountOf(name) ?? []);
    if (accounts.length === 0) return undefined;
    let next = 0;
    return {
      supplier: accounts[0].supplier,
      readPriceList: () => {
        const account = accounts[next];
        next = (next + 1) % accounts.length;
        return account.readPriceList();
      },
      balance: () => accounts[0].balance(),
    };
  }

  /**
   * Asks each unhealthy supplier for its balance (KIOS_SUPPLIER_PROBE_MS): an answer at or above its
   * minimum brings it back; a failed call leaves it out. A member without an account (the simulator)
   * has nothing to ask and comes back.
   */
  async probe(): Promise<void> {
    for (const name of this.health.unhealthy()) {
      const member = this.members.get(name);
      if (!member) continue;
      if (!member.account) {
        this.noteHealth(name, this.health.recovered(name));
        continue;
      }
      try {
        await this.accountOf(name)!.balance();
      } catch {
        // Still unreachable: it stays out until a later probe answers.
      }
    }
  }

  /** Probes every `ms` (KIOS_SUPPLIER_PROBE_MS) until close(); the timer keeps no process alive. */
  startProbing(ms: number): void {
    clearInterval(this.probing);
    this.probing = setInterval(() => void this.probe(), ms);
    this.probing.unref();
  }

  close(): void {
    clearInterval(this.probing);
    for (const member of this.members.values()) member.supplier.close?.();
  }

  private dispatch<R extends { product: Product; offer?: OfferChoice }>(
    request: R,
  ): { member: RoutedMember; narrowed: R } {
    // No offer named: an inquiry or account check (routed as a new order would be), or a purchase
    // of an order placed before routing, whose calls must keep going where its first went: chosen
    // by the catalog's order (the first offer kios can call), never by health or cost, which change.
    const offer =
      request.offer ??
      ('supplierRef' in request
        ? this.firstCallableOffer(request.product)
        : this.routeFor(request.product)[0]);
    const member = offer && this.members.get(offer.supplier);
    if (!offer || !member) {
      throw new UnroutableOffer(
        `no supplier of kios sells ${request.product.productId}${offer ? ` through ${offer.supplier}` : ''}`,
      );
    }
    const chosen: Offer[] = request.product.offers.filter(
      (candidate) => candidate.supplier === offer.supplier && candidate.sku === offer.sku,
    );
    // The adapter takes its sku and maxCost from the product's offers: it is shown the chosen one alone.
    const product = chosen.length > 0 ? { ...request.product, offers: chosen } : request.product;
    return { member, narrowed: { ...request, product, offer } };
  }

  /** An order placed before routing names no offer: its product's first offer kios can call. */
  private firstCallableOffer(product: Product): OfferChoice | undefined {
    const offer = product.offers.find((candidate) => this.members.has(candidate.supplier));
    if (offer) return { supplier: offer.supplier, sku: offer.sku };
    const { offerless } = this.options;
    return product.offers.length === 0 && offerless
      ? { supplier: offerless, sku: product.productId }
      : undefined;
  }

  private watched<T extends StatusOutcome>(name: string, outcome: T): T {
    if (outcome.status === 'in_doubt') {
      this.noteHealth(name, this.health.badAnswer(name, this.options.now(), outcome.reason));
    }
    return outcome;
  }

  /** Tells onHealthChange of a change only: healthy to unhealthy or back. */
  private noteHealth(name: string, verdict: HealthVerdict): void {
    const was = this.told.get(name) ?? true;
    if (was === verdict.healthy) return;
    this.told.set(name, verdict.healthy);
    this.options.onHealthChange?.(name, verdict);
  }
}
