/**
 * Bad input: the CLI exits with 1 and prints the message, which names what is wrong, where
 * (file, line or field) and how to fix it.
 */
export class InputError extends Error {
  readonly where: string | undefined;
  readonly fix: string | undefined;
  constructor(message: string, opts: { where?: string; fix?: string } = {}) {
    super(message);
    this.name = 'InputError';
    this.where = opts.where;
    this.fix = opts.fix;
  }

  /** `where: message\n  fix: …` as the CLI prints it. */
  format(): string {
    const head = this.where ? `${this.where}: ${this.message}` : this.message;
    return this.fix ? `${head}\n  fix: ${this.fix}` : head;
  }
}

/** Several input problems at once; each is reported, not just the first. */
export class InputErrors extends InputError {
  readonly errors: InputError[];
  constructor(errors: InputError[]) {
    super(
      `${errors.length} problem${errors.length === 1 ? '' : 's'}:\n${errors.map((e) => `- ${e.format().replace(/\n/g, '\n  ')}`).join('\n')}`,
    );
    this.errors = errors;
  }
  override format(): string {
    return this.message;
  }
}
