import { removeCapturedLogs, scanCapturedLogs, testLogDir } from './log-capture';
import { removeTestTempRoot } from './test-temp-root';

/** The last check of every run: no kios process of any test leaked a secret into its log. Then the run's temp files go. */
export default function globalTeardown(): void {
  const dir = testLogDir();
  if (dir !== undefined) {
    const { files, lines } = scanCapturedLogs(dir);
    if (files > 0)
      console.log(`kios logs scanned for leaks: ${files} process(es), ${lines} line(s), none found`);
    removeCapturedLogs(dir);
  }
  removeTestTempRoot();
}
