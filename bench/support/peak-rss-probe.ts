import { writeSync } from 'node:fs';

/*
 * Loaded with `node -r` into a command the bench measures, before the command's own code: when the
 * process exits (process.exit included), writes its peak resident set size — the kernel's
 * high-water mark, `process.resourceUsage().maxRSS`, in KiB — as one JSON line on file descriptor 3,
 * a pipe the bench opened for it, so the command's stdout and stderr stay its own.
 */
process.on('exit', () => {
  writeSync(3, `${JSON.stringify({ maxRssKib: process.resourceUsage().maxRSS })}\n`);
});
