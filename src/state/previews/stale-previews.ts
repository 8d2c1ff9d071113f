import { usageError } from "../../errors.js";

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** `14d`, `12h` or `30m` as milliseconds; anything else is refused with the forms it takes. */
export function parseAge(raw: string): number {
  const m = /^(\d{1,6})([dhm])$/.exec(raw);
  if (!m || Number(m[1]) === 0)
    throw usageError(
      `--older-than ${JSON.stringify(raw)} is not an age`,
      "give days, hours or minutes: 14d, 12h, 30m",
    );
  return Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
}

/** A preview's branch and when it was last pushed (or made, if never deployed). */
export interface PreviewAge {
  branch: string;
  lastPush: string;
}

/** The branches whose previews were last pushed more than maxAgeMs before now; pure. */
export function stalePreviews(previews: PreviewAge[], maxAgeMs: number, now: Date): string[] {
  return previews.filter((p) => now.getTime() - Date.parse(p.lastPush) > maxAgeMs).map((p) => p.branch);
}
