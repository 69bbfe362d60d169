import { checkField, checkStatus, statusMatches } from '../src/scenario/expectations';
import { parseScenario } from '../src/scenario/scenario-file';
import { SimError } from '../src/sim-context';

const order = `- step: first
  call: createOrder
  productId: TSEL-10K
  destination: 081234567992
  expect: { orderStatus: "20", eventually: SUCCESS, serialNumber: present }
`;

describe('scenario files', () => {
  it('keeps a destination’s leading zero, quoted or not, and reads numbers where numbers are meant', () => {
    const [step] = parseScenario(order, 's.yaml');
    expect(step).toMatchObject({
      call: 'createOrder',
      destination: { primaryParam: '081234567992' },
      requestId: { kind: 'new' },
      expect: {
        httpStatus: 200,
        orderStatus: '20',
        eventually: 'SUCCESS',
        serialNumber: { kind: 'present' },
      },
      timeoutMs: 15_000,
    });
  });

  it('reads JSON as well, with {steps: [...]} around the list', () => {
    const json = JSON.stringify({
      steps: [{ step: 'list', call: 'products', type: 'WATER', expect: { count: 4, httpStatus: 200 } }],
    });
    expect(parseScenario(json, 's.json')).toEqual([
      {
        name: 'list',
        number: 1,
        call: 'products',
        type: 'WATER',
        timeoutMs: 15_000,
        expect: { httpStatus: 200, count: 4 },
      },
    ]);
  });

  it('reads a User Validate step: the account in destination, its secondaryParam in secondary', () => {
    const text = `- step: BPJS card inactive
  call: validate
  productId: BPJS-KESEHATAN
  destination: 000123456997
  secondary: '12'
  expect: { userStatus: FAILED, customerName: absent }
- step: BPJS card valid
  call: validate
  productId: BPJS-KESEHATAN
  destination: 000123456345
  expect: { userStatus: '10', customerName: present }
`;
    expect(parseScenario(text, 's.yaml')).toEqual([
      {
        name: 'BPJS card inactive',
        number: 1,
        call: 'validate',
        productId: 'BPJS-KESEHATAN',
        destination: { primaryParam: '000123456997', secondaryParam: '12' },
        timeoutMs: 15_000,
        expect: { httpStatus: 200, userStatus: 'FAILED', customerName: { kind: 'absent' } },
      },
      {
        name: 'BPJS card valid',
        number: 2,
        call: 'validate',
        productId: 'BPJS-KESEHATAN',
        destination: { primaryParam: '000123456345' },
        timeoutMs: 15_000,
        expect: { httpStatus: 200, userStatus: '10', customerName: { kind: 'present' } },
      },
    ]);
  });

  it('resolves $same: to an earlier createOrder step and refuses one that is not', () => {
    const replay = `${order}- step: again\n  call: createOrder\n  productId: TSEL-10K\n  destination: "081234567992"\n  requestId: $same:first\n`;
    expect(parseScenario(replay, 's.yaml')[1]).toMatchObject({ requestId: { kind: 'same', step: 'first' } });
    const later = `- step: detail\n  call: orderDetail\n  requestIds: [$same:first]\n${order}`;
    expect(() => parseScenario(later, 's.yaml')).toThrow(
      new SimError('s.yaml: step 1 "detail": requestIds "first" must name an earlier createOrder step'),
    );
  });

  it.each([
    [
      `- step: x\n  call: buy\n`,
      'step 1 "x": `call` must be one of products, inquire, createOrder, orderDetail, wait, validate, got "buy"',
    ],
    [`- step: x\n  call: inquire\n  productId: P\n`, 'step 1 "x": needs `destination`'],
    [
      `- step: x\n  call: wait\n  requestId: R\n  expect: { eventually: SUCCESS }\n`,
      'step 1 "x": unknown key expect.eventually',
    ],
    [
      `- step: x\n  call: createOrder\n  productId: P\n  destination: "1"\n  price: 10.5\n`,
      '`price` must be an amount in minor units',
    ],
    [
      `- step: x\n  call: orderDetail\n  requestIds: [a, b]\n  expect: { orderStatuses: [SUCCESS] }\n`,
      'expect.orderStatuses has 1 entries for 2 requestIds',
    ],
    [
      `- step: x\n  call: validate\n  productId: P\n  destination: "1"\n  zone: "2"\n`,
      'step 1 "x": unknown key zone; this call takes step, call, expect, productId, destination, secondary',
    ],
    [
      `- step: x\n  call: validate\n  productId: P\n  destination: "1"\n  expect: { inquiryStatus: "10" }\n`,
      'step 1 "x": unknown key expect.inquiryStatus',
    ],
    [`- call: products\n  type: WATER\n`, 'step 1: needs a `step` name'],
    [`${order}${order}`, 'step 2 "first": the name is used by an earlier step'],
    [`steps: []\n`, 'must be a list of steps'],
  ])('refuses a mistake naming the step: %j', (text, message) => {
    expect(() => parseScenario(text, 's.yaml')).toThrow(message);
  });

  it('matches a status by its code or its word', () => {
    const pending = { code: '20', status: 'PENDING', message: 'Pending' };
    expect(statusMatches('20', pending)).toBe(true);
    expect(statusMatches('pending', pending)).toBe(true);
    expect(statusMatches('10', pending)).toBe(false);
    expect(checkStatus('orderStatus', 'SUCCESS', pending)).toEqual([
      'expected orderStatus SUCCESS, got 20 PENDING (Pending)',
    ]);
  });

  it('treats an empty serial number as absent', () => {
    expect(checkField('serialNumber', { kind: 'present' }, '')).toEqual(['expected a serialNumber, got ""']);
    expect(checkField('serialNumber', { kind: 'absent' }, '')).toEqual([]);
    expect(checkField('token', { kind: 'equals', value: 'T1' }, 'T2')).toEqual([
      'expected token "T1", got "T2"',
    ]);
  });
});
