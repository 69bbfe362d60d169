/**
 * The first line of a stream (without its line ending), or all of it when it has no line ending:
 * how `users add` takes a password from standard input (`printf '%s\n' "$PW" | kios-cli users add …`),
 * never from the command line, where other users of the machine could read it.
 */
export function readFirstLine(input: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const finish = () => {
      input.off('data', onData);
      input.off('end', finish);
      input.off('error', reject);
      input.pause();
      const text = Buffer.concat(chunks).toString('utf8');
      const end = text.indexOf('\n');
      resolve((end === -1 ? text : text.slice(0, end)).replace(/\r$/, ''));
    };
    const onData = (chunk: Buffer | string) => {
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
      if (chunks[chunks.length - 1].includes(0x0a)) finish();
    };
    input.on('data', onData);
    input.once('end', finish);
    input.once('error', reject);
    input.resume();
  });
}
