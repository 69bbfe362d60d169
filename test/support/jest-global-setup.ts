import { startLogCapture } from './log-capture';

export default function globalSetup(): void {
  startLogCapture();
}
