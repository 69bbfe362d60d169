import { removeCapturedLogs, scanCapturedLogs, testLogDir } from './log-capture';

/** The last check of every run: no kios process of any test leaked a secret into its log. */
export default function globalTeardown(): void {
  const dir = testLogDir();
  if (dir === undefined) return;
  const { files, lines } = scanCapturedLogs(dir);
  if (files > 0)
    console.log(`kios logs scanned for leaks: ${files} process(es), ${lines} line(s), none found`);
  removeCapturedLogs(dir);
}
