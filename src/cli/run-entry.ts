import { SlipwayError } from "../errors.js";
import { printError } from "../print-error.js";
import { stateRoot } from "../state/paths.js";
import { diskFullError } from "../system/disk-full.js";

/**
 * Run one server-side command line as a process: the full CLI (main.ts) and the pre-receive hook's
 * quick path share this, so both fail the same way and print errors the same way.
 */
export async function runEntry(argv: string[], run: (argv: string[]) => Promise<number>): Promise<void> {
  // `logs -f | head` or a dropped SSH connection: the reader is gone, so just stop.
  process.stdout.on("error", (err: NodeJS.ErrnoException) =>
    err.code === "EPIPE" ? process.exit(0) : undefined,
  );
  // Node exits quietly, with 0, if it runs out of work while a promise is still pending. For a
  // git hook that would accept a push that never deployed, so an unfinished run must fail.
  let finished = false;
  process.once("exit", () => {
    if (finished) return;
    process.stderr.write(
      " !     Slipway stopped before it finished (an internal wait never completed); nothing was changed by this step\n",
    );
    process.exitCode = 70;
  });
  try {
    process.exitCode = await run(argv);
  } catch (err) {
    const shown = diskFullError(err, stateRoot()) ?? permissionHint(err);
    printError(shown, argv.includes("--verbose"));
    process.exitCode = shown instanceof SlipwayError ? shown.exitCode : 1;
  }
  finished = true;
}

/** State belongs to the git user; any other user gets told how to get in, not a stack trace. */
function permissionHint(err: unknown): unknown {
  const e = err as NodeJS.ErrnoException;
  if (e?.code !== "EACCES" && e?.code !== "EPERM") return err;
  return new SlipwayError("permission", `permission denied: ${e.path ?? e.message}`, {
    hint: "run Slipway as root (sudo slipway ...) or as the git user, who owns its state",
    cause: err,
  });
}
