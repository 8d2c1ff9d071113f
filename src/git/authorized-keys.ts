import { SlipwayError } from "../errors.js";
import { readScope, type AccessScope } from "./access-scope.js";

/** One public key that may push, as Slipway writes it into authorized_keys. */
export interface DeployKey {
  name: string;
  type: string;
  blob: string;
  /** Lines written before scopes existed carry no --apps: they stay admin. */
  scope: AccessScope;
}

const KEY_NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;
const KEY_TYPE =
  /^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)|sk-ssh-ed25519@openssh\.com|sk-ecdsa-sha2-nistp256@openssh\.com)$/;
const BLOB = /^[A-Za-z0-9+/]+={0,3}$/;
const OURS =
  /^command="(\S+) ssh-serve ([^"\s]+)(?: --apps '([a-z0-9*,-]+)')?",restrict(?:,pty)? (\S+) (\S+)/;

export function parseKeyName(raw: string): string {
  if (!KEY_NAME.test(raw)) {
    throw new SlipwayError("key-name", `invalid key name ${JSON.stringify(raw)}`, {
      hint: "use letters, digits, dots, dashes, underscores or @, e.g. alice or alice@laptop",
    });
  }
  return raw;
}

/** Parse what a user pasted: exactly one "TYPE BASE64 [comment]" line, no options. */
export function parsePublicKey(text: string): { type: string; blob: string } {
  const lines = text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"));
  const hint =
    "send one public key on stdin, e.g. `cat ~/.ssh/id_ed25519.pub | ssh root@host gitreceive upload-key alice`";
  if (lines.length !== 1) {
    throw new SlipwayError("key-invalid", `expected one public key on stdin, got ${lines.length} lines`, {
      hint,
    });
  }
  const [type, blob] = lines[0].split(/\s+/);
  if (!KEY_TYPE.test(type ?? "") || !BLOB.test(blob ?? "")) {
    throw new SlipwayError(
      "key-invalid",
      "that is not an OpenSSH public key (a private key, or options before the key?)",
      { hint },
    );
  }
  return { type, blob };
}

/**
 * The line we write: a forced command plus `restrict`, so the key can do nothing but talk to Slipway.
 * `pty` is given back for `ssh -t host run APP -t sh`; the forced command still runs, never a shell of ours.
 */
export function renderKeyLine(key: DeployKey, slipwayBin: string): string {
  if (/["\s\\]/.test(slipwayBin))
    throw new SlipwayError("settings", `slipwayBin must be a plain path, got ${JSON.stringify(slipwayBin)}`);
  // Quoted, since sshd runs the command through the git user's shell, which would glob `shop-*`.
  const scope = key.scope === "admin" ? "" : ` --apps '${key.scope.apps.join(",")}'`;
  return `command="${slipwayBin} ssh-serve ${key.name}${scope}",restrict,pty ${key.type} ${key.blob} slipway:${key.name}`;
}

/** The Slipway keys among the file's lines; other lines are left alone. */
export function listKeys(fileText: string): DeployKey[] {
  const keys: DeployKey[] = [];
  for (const line of fileText.split("\n")) {
    const m = OURS.exec(line);
    if (m)
      keys.push({
        name: m[2],
        type: m[4],
        blob: m[5],
        scope: m[3] === undefined ? "admin" : readScope({ apps: m[3].split(",") }),
      });
  }
  return keys;
}

/** New file text with key appended; refuses a second key of the same name or the same key twice. */
export function addKeyLine(fileText: string, key: DeployKey, slipwayBin: string): string {
  for (const existing of listKeys(fileText)) {
    if (existing.name === key.name) {
      throw new SlipwayError("key-exists", `a key named ${key.name} already exists`, {
        hint: `remove it first with \`slipway keys:remove ${key.name}\`, or pick another name`,
      });
    }
    if (existing.blob === key.blob) {
      throw new SlipwayError("key-exists", `this key is already uploaded as ${existing.name}`, {
        hint: "nothing to do; `slipway keys:list` shows the uploaded keys",
      });
    }
  }
  const body = fileText === "" || fileText.endsWith("\n") ? fileText : fileText + "\n";
  return body + renderKeyLine(key, slipwayBin) + "\n";
}

/** New file text without the named key; refuses a name that is not there. */
export function removeKeyLine(fileText: string, name: string): string {
  const lines = fileText.split("\n");
  const kept = lines.filter((line) => OURS.exec(line)?.[2] !== name);
  if (kept.length === lines.length) {
    throw new SlipwayError("key-missing", `no key named ${name}`, {
      hint: "`slipway keys:list` shows the uploaded keys",
    });
  }
  return kept.join("\n");
}
