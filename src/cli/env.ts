// What a command runs against: the working folder, the environment, the streams and the clock. A
// module of its own, so a verb main.ts loads when it runs (init.ts) does not import main.ts back.

export interface CliEnv {
  cwd: string;
  env: Record<string, string | undefined>;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  /** For `init`'s question on a terminal; without it, init asks nothing. */
  stdin?: NodeJS.ReadStream;
  /** The clock, used only when SOURCE_DATE_EPOCH is not set. */
  clock: () => Date;
}
