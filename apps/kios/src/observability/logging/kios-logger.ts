import { formatEventTime } from '@kios/audit';
import pino, { type DestinationStream, type Logger, type LevelWithSilent } from 'pino';
import { prettyFactory } from 'pino-pretty';
import { maskLogLine } from './log-masking';

export type LogFormat = 'auto' | 'json' | 'pretty';

export interface KiosLoggerSettings {
  logLevel: LevelWithSilent;
  logFormat: LogFormat;
}

export interface LogOutput {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** Synchronous stdout: a line logged just before `process.exit` or a crash is not lost. */
function standardOutput(): LogOutput {
  return Object.assign(pino.destination({ dest: 1, sync: true }), { isTTY: process.stdout.isTTY });
}

/**
 * Every line goes through the masking before it is written, whatever wrote it; `pretty` formats
 * the masked JSON for people, `json` writes it as is for log shippers. A pretty line's time is
 * GMT+7 with milliseconds as every time kios shows people (formatEventTime), not the host's zone.
 */
function maskingDestination(format: LogFormat, output: LogOutput): DestinationStream {
  const pretty = format === 'pretty' || (format === 'auto' && output.isTTY === true);
  const render = pretty
    ? prettyFactory({
        colorize: output.isTTY === true,
        singleLine: true,
        ignore: 'pid,hostname,context',
        messageFormat: '{if context}[{context}] {end}{msg}',
        // The stored ISO time as is (pino-pretty would otherwise turn it into the UTC time of day first).
        translateTime: false,
        customPrettifiers: { time: (time) => `[${formatEventTime(new Date(String(time)))}]` },
      })
    : (line: string) => line;
  return { write: (line: string) => void output.write(render(maskLogLine(line))) };
}

/** The process's one root logger; Nest's logger and the request scopes' loggers (LogScope) are children of it. */
export function createKiosLogger(settings: KiosLoggerSettings, output: LogOutput = standardOutput()): Logger {
  return pino(
    { level: settings.logLevel, timestamp: pino.stdTimeFunctions.isoTime },
    maskingDestination(settings.logFormat, output),
  );
}
