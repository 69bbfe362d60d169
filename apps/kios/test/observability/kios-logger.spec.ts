import { parseAuditTime } from '@kios/audit';
import { createKiosLogger, type LogFormat } from '../../src/observability/logging/kios-logger';

function capture(format: LogFormat, isTTY: boolean) {
  const written: string[] = [];
  const logger = createKiosLogger(
    { logLevel: 'info', logFormat: format },
    { isTTY, write: (text) => written.push(text) },
  );
  return { logger, written };
}

describe('the kios root logger', () => {
  it('writes one masked JSON object a line when its output is not a terminal', () => {
    const { logger, written } = capture('auto', false);
    logger.info(
      { requestId: 'R-1', destination: { primaryParam: '081234567890' } },
      'topping up 081234567890',
    );
    expect(written).toHaveLength(1);
    expect(JSON.parse(written[0])).toMatchObject({
      level: 30,
      requestId: 'R-1',
      destination: { primaryParam: '********7890' },
      msg: 'topping up ********7890',
    });
  });

  it('writes pretty lines on a terminal, or when asked, masked all the same', () => {
    for (const [format, isTTY] of [
      ['auto', true],
      ['pretty', false],
    ] as const) {
      const { logger, written } = capture(format, isTTY);
      logger.child({ context: 'CreateOrder' }).warn('card 4111111111111111 refused');
      expect(written[0]).toMatch(/WARN.*\[CreateOrder\] card \*{12}1111 refused/);
      expect(() => JSON.parse(written[0])).toThrow();
    }
  });

  it('times a pretty line in GMT+7 with milliseconds whatever the host zone', () => {
    const hostZone = process.env.TZ;
    process.env.TZ = 'America/New_York';
    try {
      const { logger, written } = capture('pretty', false);
      const before = Date.now();
      logger.info('order placed');
      const after = Date.now();
      const time = /^\[(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+07:00)\] INFO/.exec(written[0])?.[1];
      expect(time).toBeDefined();
      const shown = parseAuditTime(time!)!.getTime();
      expect(shown).toBeGreaterThanOrEqual(before);
      expect(shown).toBeLessThanOrEqual(after);
    } finally {
      if (hostZone === undefined) delete process.env.TZ;
      else process.env.TZ = hostZone;
    }
  });

  it('writes nothing below its level', () => {
    const { logger, written } = capture('json', false);
    logger.debug('not shown');
    expect(written).toEqual([]);
  });
});
