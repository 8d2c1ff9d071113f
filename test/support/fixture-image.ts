import { spawn } from "node:child_process";
import path from "node:path";
import { ROOT } from "./harness.js";
import { engine, ensureBaseImage } from "./base-image.js";

/** Build test/fixtures/apps/NAME into a labelled image, for tests that run containers without a push. */
export async function buildFixtureImage(
  fixture: string,
  tag: string,
  labels: Record<string, string>,
): Promise<void> {
  await ensureBaseImage();
  const tar = spawn("tar", ["-C", path.join(ROOT, "test", "fixtures", "apps", fixture), "-c", "."], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const stream = await engine.buildImage(tar.stdout as never, { t: tag, labels, forcerm: true } as never);
  const events: Array<{ error?: string }> = await new Promise((resolve, reject) =>
    engine.modem.followProgress(stream as never, (err: Error | null, out: Array<{ error?: string }>) =>
      err ? reject(err) : resolve(out),
    ),
  );
  const failed = events.find((e) => e.error);
  if (failed) throw new Error(`building ${fixture} failed: ${failed.error}`);
}
