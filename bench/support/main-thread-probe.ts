import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { performance } from 'node:perf_hooks';
import { mainThreadSchedulerTimes, type MainThreadReading, type ProbeQuestion } from './main-thread-time';

/*
 * Loaded with `node -r` into a server the bench measures (BenchServer's `probeMainThread`), before
 * the server's own code: answers the bench's questions on the IPC channel with what only its own
 * process can read of its main thread — `performance.eventLoopUtilization()` so far and, on Linux,
 * the thread's CPU time — and CPU-profiles it on request (node --cpu-prof, but only between the
 * two moments the bench chooses). Answers are made between two turns of the server's loop, so
 * they take nothing from a request.
 */
let profiler: Session | undefined;

process.on('message', (question: ProbeQuestion) => {
  const answer = (value: object) => process.send?.(value);
  switch (question.ask) {
    case 'time':
      answer(reading());
      break;
    case 'start-profile':
      profiler = new Session();
      profiler.connect();
      profiler.post('Profiler.enable', () => profiler!.post('Profiler.start', () => answer({})));
      break;
    case 'stop-profile': {
      const session = profiler;
      profiler = undefined;
      if (!session) {
        answer({ error: 'no profile was started' });
        break;
      }
      session.post('Profiler.stop', (error, result) => {
        if (!error) writeFileSync(question.file, JSON.stringify(result.profile));
        session.disconnect();
        answer(error ? { error: error.message } : {});
      });
      break;
    }
  }
});
// The channel must not keep the server alive once SIGTERM closed everything else.
process.channel?.unref();

function reading(): MainThreadReading {
  return { elu: performance.eventLoopUtilization(), ...mainThreadSchedulerTimes() };
}
