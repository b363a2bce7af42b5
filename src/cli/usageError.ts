/** A mistake on the command line or in its input: exit code 2 and a one-line message. */
export class UsageError extends Error {}
