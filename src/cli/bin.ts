import { EXIT_USAGE, main } from './main';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`releasehub-ecr: unexpected failure: ${String(error)}\n`);
    process.exitCode = EXIT_USAGE;
  },
);
