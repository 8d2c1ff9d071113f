import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { SlipwayError } from "../errors.js";
import { readText, writeFileAtomic } from "../state/atomic-write.js";
import { withLock } from "../state/lock.js";
import type { Settings } from "../state/settings.js";
import { runProgram } from "../system/run-program.js";
import type { AccessScope } from "./access-scope.js";
import {
  addKeyLine,
  listKeys,
  parseKeyName,
  parsePublicKey,
  removeKeyLine,
  type DeployKey,
} from "./authorized-keys.js";

/** Add a key under the authorized_keys lock and return its fingerprint. */
export async function addKey(
  settings: Settings,
  rawName: string,
  pasted: string,
  scope: AccessScope,
): Promise<string> {
  const name = parseKeyName(rawName);
  const { type, blob } = parsePublicKey(pasted);
  const fingerprint = await fingerprintOf(`${type} ${blob}`);
  await editAuthorizedKeys(settings, (text) =>
    addKeyLine(text, { name, type, blob, scope }, settings.slipwayBin),
  );
  return fingerprint;
}

export async function removeKey(settings: Settings, rawName: string): Promise<void> {
  const name = parseKeyName(rawName);
  await editAuthorizedKeys(settings, (text) => removeKeyLine(text, name));
}

export async function readKeys(settings: Settings): Promise<Array<DeployKey & { fingerprint: string }>> {
  const keys = listKeys(readText(settings.authorizedKeys) ?? "");
  return Promise.all(
    keys.map(async (k) => ({ ...k, fingerprint: await fingerprintOf(`${k.type} ${k.blob}`) })),
  );
}

/** ssh-keygen is the judge of what a valid key is; our regexes only keep junk out of the file. */
async function fingerprintOf(keyLine: string): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "slipway-key-"));
  try {
    const file = path.join(dir, "key.pub");
    fs.writeFileSync(file, keyLine + "\n");
    const res = await runProgram(["ssh-keygen", "-l", "-E", "sha256", "-f", file]);
    if (res.code !== 0) {
      throw new SlipwayError("key-invalid", "ssh-keygen does not accept this public key", {
        hint: "check that you sent the .pub file, whole and unchanged",
      });
    }
    return res.stdout.split(" ")[1];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function editAuthorizedKeys(settings: Settings, edit: (text: string) => string): Promise<void> {
  const file = settings.authorizedKeys;
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  await withLock(`${file}.lock`, { timeoutMs: 30_000, holder: "another key change" }, async () => {
    writeFileAtomic(file, edit(readText(file) ?? ""), 0o600);
  });
}
