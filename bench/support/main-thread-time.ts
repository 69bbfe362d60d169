import type { ChildProcess } from 'node:child_process';
import type { EventLoopUtilization } from 'node:perf_hooks';

/** What the bench asks a probed server (main-thread-probe.ts) over IPC. */
export const ELU_QUESTION = 'kios-bench:main-thread-time';

/** A probed server's main thread since it started: its ELU, and its CPU time where the OS tells. */
export type MainThreadReading = { elu: EventLoopUtilization; cpuMs?: number };

/**
 * Main-thread time of a server child started with main-thread-probe.ts, read over the IPC channel
 * one question at a time. Two readings give a span's busy milliseconds:
 * `performance.eventLoopUtilization(after.elu, before.elu).active`, and the CPU time's difference.
 */
export class MainThreadTime {
  private readonly waiting: ((reading: MainThreadReading) => void)[] = [];

  constructor(private readonly child: ChildProcess) {
    child.on('message', (reading: MainThreadReading) => this.waiting.shift()?.(reading));
  }

  read(): Promise<MainThreadReading> {
    return new Promise((resolve, reject) => {
      if (!this.child.connected) {
        reject(new Error('the probed server has no IPC channel (exited?)'));
        return;
      }
      this.waiting.push(resolve);
      this.child.send(ELU_QUESTION);
    });
  }
}
