/** Where the CLI writes a line: console.log, or a test's array. */
export type Print = (line: string) => void;

/** A mistake in the command line itself: the CLI adds a pointer to --help. */
export class UsageError extends Error {}
