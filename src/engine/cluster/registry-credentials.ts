import crypto from "node:crypto";
import fs from "node:fs";
import { SlipwayError } from "../../errors.js";
import { readJson, writeFileAtomic, writeJsonAtomic } from "../../state/atomic-write.js";
import { paths } from "../../state/paths.js";
import { runProgram } from "../../system/run-program.js";

export const REGISTRY_USER = "slipway";

export const credentialsFile = () => paths.clusterFile("registry-credentials.json");
export const htpasswdFile = () => paths.clusterFile("registry.htpasswd");

/**
 * The registry's one user: a random password kept 0600 (for pushes and pulls), and its bcrypt hash,
 * the only kind the registry reads. Both are kept when they exist, so nodes stay logged in.
 */
export async function ensureRegistryCredentials(): Promise<void> {
  const stored = readJson<{ username?: string; password?: string }>(credentialsFile());
  const password = stored?.password ?? crypto.randomBytes(24).toString("base64url");
  if (!stored?.password) writeJsonAtomic(credentialsFile(), { username: REGISTRY_USER, password }, 0o600);
  if (fs.existsSync(htpasswdFile())) return;
  // The password goes on stdin: on argv every user could read it in ps.
  const res = await runProgram(["htpasswd", "-i", "-B", "-n", REGISTRY_USER], { input: `${password}\n` });
  if (res.code !== 0 || !res.stdout.startsWith(`${REGISTRY_USER}:$2`))
    throw new SlipwayError(
      "registry-credentials",
      `htpasswd could not hash the registry password: ${res.stderr.trim()}`,
      {
        hint: "install apache2-utils (apt-get install apache2-utils) and run cluster:init again",
      },
    );
  writeFileAtomic(htpasswdFile(), res.stdout.trim() + "\n", 0o600);
}
