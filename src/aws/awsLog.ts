/** The logging the AWS layer needs; VS Code's LogOutputChannel and the CLI both provide it. */
export interface AwsLog {
  info(message: string): void;
  debug(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const SILENT_LOG: AwsLog = {
  info: () => undefined,
  debug: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
