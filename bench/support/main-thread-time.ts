import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { EventLoopUtilization } from 'node:perf_hooks';

/** What the bench asks a probed server (main-thread-probe.ts) over IPC; each is answered in turn. */
export type ProbeQuestion =
  | { ask: 'time' }
  | { ask: 'start-profile' }
  /** Answered once the CPU profile since start-profile is written to `file`. */
  | { ask: 'stop-profile'; file: string };

/** A probed server's main thread since it started: its ELU, and its CPU time where the OS tells. */
export type MainThreadReading = { elu: EventLoopUtilization } & Partial<SchedulerTimes>;

/** Linux's schedstat of a thread: its time on a CPU, and its time runnable but waiting for one (ms). */
export type SchedulerTimes = { cpuMs: number; waitMs: number };

/**
 * Main-thread time of a server child started with main-thread-probe.ts, read over the IPC channel
 * one question at a time. Two readings give a span's busy milliseconds:
 * `performance.eventLoopUtilization(after.elu, before.elu).active`, and the CPU time's difference.
 * It can also CPU-profile the server's main thread between two moments the bench chooses.
 */
export class MainThreadTime {
  private readonly waiting: ((answer: unknown) => void)[] = [];

  constructor(private readonly child: ChildProcess) {
    child.on('message', (answer) => this.waiting.shift()?.(answer));
  }

  read(): Promise<MainThreadReading> {
    return this.ask({ ask: 'time' }) as Promise<MainThreadReading>;
  }

  async startProfile(): Promise<void> {
    await this.ask({ ask: 'start-profile' });
  }

  /** Writes the profile since startProfile() to `file` (a .cpuprofile, for Chrome's DevTools). */
  async stopProfile(file: string): Promise<void> {
    const { error } = (await this.ask({ ask: 'stop-profile', file })) as { error?: string };
    if (error) throw new Error(`no CPU profile written to ${file}: ${error}`);
  }

  private ask(question: ProbeQuestion): Promise<unknown> {
    return new Promise((resolve, reject) => {
      if (!this.child.connected) {
        reject(new Error('the probed server has no IPC channel (exited?)'));
        return;
      }
      this.waiting.push(resolve);
      this.child.send(question);
    });
  }
}

/**
 * This process's main-thread scheduler times (its thread id is the process id), from the first two
 * fields of Linux's schedstat in ns; undefined elsewhere. The time on a CPU leaves out what ELU also
 * counts: the time the thread was busy but waiting for a core, which a machine shared with other
 * work adds, and which the second field measures.
 */
export function mainThreadSchedulerTimes(): SchedulerTimes | undefined {
  try {
    const [onCpuNs, waitingNs] = readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ');
    return { cpuMs: Number(onCpuNs) / 1e6, waitMs: Number(waitingNs) / 1e6 };
  } catch {
    return undefined;
  }
}
