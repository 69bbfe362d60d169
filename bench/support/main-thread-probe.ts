import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { ELU_QUESTION, type MainThreadReading } from './main-thread-time';

/*
 * Loaded with `node -r` into a server the bench measures (BenchServer's `probeMainThread`), before
 * the server's own code: answers each ELU_QUESTION on the IPC channel with what only its own
 * process can read of its main thread — `performance.eventLoopUtilization()` so far and, on Linux,
 * the thread's CPU time. The answer is made between two turns of the server's loop, so it takes
 * nothing from a request.
 */
process.on('message', (message) => {
  if (message === ELU_QUESTION) process.send?.(reading());
});
// The channel must not keep the server alive once SIGTERM closed everything else.
process.channel?.unref();

function reading(): MainThreadReading {
  return { elu: performance.eventLoopUtilization(), cpuMs: mainThreadCpuMs() };
}

/**
 * The main thread's time on a CPU (its thread id is the process id), in ns in the first field of
 * Linux's schedstat; undefined elsewhere. Unlike ELU it leaves out the time the thread was busy but
 * waiting for a core, which a machine shared with other work adds to ELU.
 */
function mainThreadCpuMs(): number | undefined {
  try {
    const onCpuNs = readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0];
    return Number(onCpuNs) / 1e6;
  } catch {
    return undefined;
  }
}
