import { TransactionBook, type Transaction, type TransactionEvent } from '../src/purchase/transaction-book';

const SETTLE_AFTER_MS = 30;

function pendingTopUp(createdAt: number): Omit<Transaction, 'debited'> {
  return {
    kind: 'prepaid',
    stage: 'purchase',
    testing: false,
    createdAt: new Date(createdAt).toISOString(),
    settlesAt: new Date(createdAt + SETTLE_AFTER_MS).toISOString(),
    settlesInto: { status: 'Sukses', rc: '00', message: 'Transaksi Sukses', sn: 'SN-1' },
    data: {
      ref_id: 'BOOK-1',
      customer_no: '081234567992',
      buyer_sku_code: 'TSEL10',
      message: 'Transaksi Pending',
      status: 'Pending',
      rc: '03',
      sn: '',
      buyer_last_saldo: 0,
      price: 10_000,
      tele: '',
      wa: '',
    },
  };
}

const waitFor = async (check: () => boolean) => {
  const until = Date.now() + 5_000;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

describe('TransactionBook, settling a pending transaction by its timer', () => {
  it('settles (and says update) when the timer fires at settlesAt', async () => {
    const events: TransactionEvent[] = [];
    const book = new TransactionBook({
      deposit: 1_000_000,
      now: Date.now,
      onEvent: (event) => events.push(event),
    });
    book.add(pendingTopUp(Date.now()), 10_000);

    await waitFor(() => events.length === 2);
    expect(events).toEqual(['create', 'update']);
    book.stopTimers();
  });

  it('waits again when its timer fires before the clock reaches settlesAt, then settles without being read', async () => {
    // A timer may fire a millisecond before Date.now() says settlesAt has come; here the clock
    // is held back past the first firing to make that certain.
    const start = Date.now();
    let clock = start;
    const events: TransactionEvent[] = [];
    const book = new TransactionBook({
      deposit: 1_000_000,
      now: () => clock,
      onEvent: (event) => events.push(event),
    });
    book.add(pendingTopUp(start), 10_000);

    await new Promise((resolve) => setTimeout(resolve, SETTLE_AFTER_MS * 2));
    expect(events).toEqual(['create']);
    clock = start + SETTLE_AFTER_MS;

    await waitFor(() => events.length === 2);
    expect(events).toEqual(['create', 'update']);
    book.stopTimers();
  });
});
