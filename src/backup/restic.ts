import fs from "node:fs";
import { SlipwayError } from "../errors.js";
import { readJson } from "../state/atomic-write.js";
import { paths } from "../state/paths.js";
import { runProgram, type ProgramResult } from "../system/run-program.js";
import { pipePrograms } from "../system/pipe-programs.js";
import { resticFailure } from "./restic-failure.js";
import type { TargetScheme } from "./target-url.js";

/** Where backups go; written 0600 by `backups:target`, as the URL may hold a host or a user. */
export interface BackupTarget {
  url: string;
  scheme: TargetScheme;
}

export function loadTarget(): BackupTarget | undefined {
  return readJson<BackupTarget>(paths.backupTarget());
}

export function requireTarget(): BackupTarget {
  const target = loadTarget();
  if (target) return target;
  throw new SlipwayError("no-backup-target", "no backup target is set", {
    hint: "set one first: slipway backups:target /srv/backups (or sftp:, s3:, rest:)",
  });
}

/** restic's environment: the repository, the password by file (never argv), credentials from the env file. */
export function resticEnv(target: BackupTarget): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...credentials(),
    RESTIC_REPOSITORY: target.url,
    RESTIC_PASSWORD_FILE: paths.backupPassword(),
    RESTIC_CACHE_DIR: paths.backupCache(),
  };
}

/** KEY=VALUE lines of the env file (S3 keys and the like), which must be 0600 like the password. */
function credentials(): Record<string, string> {
  const file = paths.backupEnv();
  if (!fs.existsSync(file)) return {};
  if (fs.statSync(file).mode & 0o077) {
    throw new SlipwayError("backup-env-mode", `${file} can be read by others`, {
      hint: `it holds credentials: chmod 600 ${file}`,
    });
  }
  const lines = fs.readFileSync(file, "utf8").split("\n");
  return Object.fromEntries(
    lines.flatMap((l) =>
      /^[A-Z_][A-Z0-9_]*=/.test(l) ? [[l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]] : [],
    ),
  );
}

/** Run one restic command to completion; a failure is a SlipwayError with restic's own last words. */
export async function restic(target: BackupTarget, args: string[], what: string): Promise<string> {
  const res = await runProgram(["restic", ...args], { env: resticEnv(target) });
  if (res.code !== 0) throw resticFailed(what, res);
  return res.stdout;
}

/** `producer | restic backup --stdin`: one snapshot of the stream under `filename`; returns its id. */
export async function backupStream(
  target: BackupTarget,
  producer: string[],
  filename: string,
  tags: string[],
): Promise<string> {
  const args = ["backup", "--stdin", "--stdin-filename", filename, "--json", "--host", "slipway"];
  const res = await pipePrograms(producer, ["restic", ...args, ...tags.flatMap((t) => ["--tag", t])], {
    consumer: resticEnv(target),
  });
  const id = snapshotId(res.stdout);
  if (res.codes[0] !== 0) {
    if (id) await restic(target, ["forget", id], "remove the incomplete snapshot").catch(() => undefined);
    throw new SlipwayError("backup-failed", `${filename}: ${producer[0]} exited ${res.codes[0]}`, {
      hint: lastLine(res.stderr[0]) || "see its output above",
    });
  }
  if (res.codes[1] !== 0 || !id)
    throw resticFailed(`back up ${filename}`, { code: res.codes[1], stderr: res.stderr[1] });
  return id;
}

/** `restic dump SNAPSHOT FILE | consumer`: feed one backed-up stream back into a program. */
export async function restoreStream(
  target: BackupTarget,
  snapshot: string,
  filename: string,
  consumer: string[],
): Promise<void> {
  const res = await pipePrograms(["restic", "dump", snapshot, `/${filename}`], consumer, {
    producer: resticEnv(target),
  });
  if (res.codes[0] !== 0)
    throw resticFailed(`read ${filename}`, { code: res.codes[0], stderr: res.stderr[0] });
  if (res.codes[1] !== 0) {
    throw new SlipwayError("restore-failed", `${filename}: ${consumer[0]} exited ${res.codes[1]}`, {
      hint: lastLine(res.stderr[1]) || "see its output above",
    });
  }
}

function snapshotId(stdout: string): string | undefined {
  for (const line of stdout.split("\n").reverse()) {
    if (!line.startsWith("{")) continue;
    const msg = JSON.parse(line) as { message_type?: string; snapshot_id?: string };
    if (msg.message_type === "summary") return msg.snapshot_id;
  }
  return undefined;
}

function resticFailed(what: string, res: Pick<ProgramResult, "code" | "stderr">): SlipwayError {
  return resticFailure(what, res.code, res.stderr, paths.backupPassword());
}

function lastLine(text: string): string {
  return text.trim().split("\n").at(-1) ?? "";
}
