// Progress for people and logs: on a TTY the current step is one line rewritten in place; in CI
// (no TTY) every step is a plain line.
export interface Reporter {
  /** A step under way (transient on a TTY). */
  step(line: string): void;
  /** A line that stays. */
  info(line: string): void;
  warn(line: string): void;
  done(): void;
}

export function createReporter(out: NodeJS.WriteStream, err: NodeJS.WriteStream, quiet = false): Reporter {
  const tty = Boolean(out.isTTY) && !process.env.CI;
  let transient = false;
  const clear = () => {
    if (transient) out.write('\r\x1b[K');
    transient = false;
  };
  return {
    step(line) {
      if (quiet) return;
      if (tty) {
        clear();
        out.write(line.slice(0, (out.columns ?? 100) - 1));
        transient = true;
      } else out.write(`${line}\n`);
    },
    info(line) {
      if (quiet) return;
      clear();
      out.write(`${line}\n`);
    },
    warn(line) {
      clear();
      err.write(`warning: ${line}\n`);
    },
    done: clear,
  };
}
