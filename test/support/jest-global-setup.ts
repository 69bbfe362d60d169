import { startLogCapture } from './log-capture';
import { startTestTempRoot } from './test-temp-root';

export default function globalSetup(): void {
  startTestTempRoot();
  startLogCapture();
}
