import fs from "node:fs";

/**
 * The one command line a repo's hook runs (src/git/repo.ts), which the entry point sends to the
 * hook's quick path; any other, with flags or help, goes through the full CLI.
 */
export function isPreReceiveHook(argv: string[]): boolean {
  return argv.length === 2 && argv[0] === "hook:pre-receive" && !argv[1].startsWith("-");
}

/**
 * The hook's code to import: `npm run build` also bundles it into one file, which a push loads
 * about 40 ms sooner than some 160 modules. A bundle older than the modules (tsc ran again, the
 * bundler did not) is passed over, so the hook never runs older code than the CLI.
 */
export function preReceiveModule(cliDir = new URL(".", import.meta.url)): string {
  const bundle = new URL("../hook/pre-receive.js", cliDir);
  const modules = new URL("pre-receive-hook.js", cliDir);
  try {
    if (fs.statSync(bundle).mtimeMs >= fs.statSync(modules).mtimeMs) return bundle.href;
  } catch {
    // not bundled (a client install, or tsc alone)
  }
  return modules.href;
}
