/**
 * The one command line a repo's hook runs (src/git/repo.ts), which the entry point sends to the
 * hook's quick path; any other, with flags or help, goes through the full CLI. Imports nothing.
 */
export function isPreReceiveHook(argv: string[]): boolean {
  return argv.length === 2 && argv[0] === "hook:pre-receive" && !argv[1].startsWith("-");
}
