import { SlipwayError } from "../errors.js";
import { listManifests, readManifest, type Manifest } from "./manifest.js";
import type { BackupTarget } from "./restic.js";

/** The backup of `app` a restore uses: the one named (snapshot id or run id), else the newest. */
export async function findManifest(target: BackupTarget, app: string, wanted?: string): Promise<Manifest> {
  const refs = await listManifests(target, app);
  const ref = wanted ? refs.find((r) => r.run === wanted || r.snapshot.startsWith(wanted)) : refs.at(-1);
  if (!ref) {
    throw new SlipwayError(
      "no-backup",
      wanted ? `${app} has no backup ${wanted}` : `there is no backup of ${app}`,
      {
        hint: `see \`slipway backups:list ${app}\``,
      },
    );
  }
  return readManifest(target, ref);
}
