// Progress lines on stderr for long jobs: at most one every `everyMs`, never on stdout (which may carry --json).
export class Progress {
  private last = Date.now();

  constructor(
    private readonly enabled: boolean,
    private readonly everyMs = 2000,
  ) {}

  /** Prints `message()` if enough time passed since the last line. */
  tick(message: () => string): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.last < this.everyMs) return;
    this.last = now;
    process.stderr.write(`${message()}\n`);
  }
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let u = -1;
  do {
    v /= 1024;
    u++;
  } while (v >= 1024 && u < units.length - 1);
  return `${v.toFixed(v < 10 ? 2 : 1)} ${units[u]}`;
}
