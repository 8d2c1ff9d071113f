import fs from "node:fs";
import path from "node:path";
import { SlipwayError } from "../errors.js";
import { readJson, writeFileAtomic, writeJsonAtomic } from "./atomic-write.js";
import { paths } from "./paths.js";

/** The output kept of one push: its end, where a failure is explained. */
export const MAX_OUTPUT_BYTES = 256 << 10;
/** Pushes whose output is kept per app; older ones are removed when a new one is saved. */
export const KEPT_OUTPUTS = 20;

/** One push as the index records it; `ok` false is a push that was refused or failed. */
export interface PushRecord {
  release: number;
  ok: boolean;
  at: string;
  by?: string;
  sha?: string;
}

const indexFile = (app: string) => path.join(paths.pushOutputsDir(app), "index.json");
const outputFile = (app: string, n: number) => path.join(paths.pushOutputsDir(app), `${n}.log`);

/** The pushes with kept output, newest first. */
export function listPushes(app: string): PushRecord[] {
  // Most apps on an overview have none kept yet: a missing-file error per app would cost more than the check.
  if (!fs.existsSync(indexFile(app))) return [];
  return readJson<PushRecord[]>(indexFile(app)) ?? [];
}

export function loadPushOutput(app: string, release: number): string | undefined {
  try {
    return fs.readFileSync(outputFile(app, release), "utf8");
  } catch {
    return undefined;
  }
}

/** Keep a push's output (its last MAX_OUTPUT_BYTES) and drop the oldest past KEPT_OUTPUTS. */
export function savePushOutput(app: string, push: PushRecord, output: string): void {
  writeFileAtomic(outputFile(app, push.release), boundOutput(output), 0o600); // build output may echo secrets
  const [kept, dropped] = splitKept([push, ...listPushes(app).filter((p) => p.release !== push.release)]);
  writeJsonAtomic(indexFile(app), kept, 0o600);
  for (const old of dropped) fs.rmSync(outputFile(app, old.release), { force: true });
}

/** The text's end within the bound, cut at a line, saying how much was left out. */
export function boundOutput(text: string, limit = MAX_OUTPUT_BYTES): string {
  const bytes = Buffer.from(text, "utf8");
  if (bytes.length <= limit) return text;
  const tail = bytes.subarray(bytes.length - limit).toString("utf8");
  const cut = tail.indexOf("\n");
  return `[${bytes.length - limit} earlier bytes not kept]\n${tail.slice(cut + 1)}`;
}

function splitKept(pushes: PushRecord[]): [PushRecord[], PushRecord[]] {
  const sorted = [...pushes].sort((a, b) => b.release - a.release);
  return [sorted.slice(0, KEPT_OUTPUTS), sorted.slice(KEPT_OUTPUTS)];
}

/** A kept push output, or a refusal that says which are kept. */
export function requirePushOutput(app: string, release: number): string {
  const text = loadPushOutput(app, release);
  if (text !== undefined) return text;
  throw new SlipwayError("no-release", `no push output is kept for ${app} release ${release}`, {
    hint: "only pushes keep their output, the last 20 of them; the dashboard's app page lists them",
  });
}
