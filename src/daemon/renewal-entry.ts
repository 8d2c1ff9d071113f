import crypto from "node:crypto";
import { SlipwayError } from "../errors.js";
import type { CronEntry } from "./cron-entries.js";
import { nextRunAt } from "./cron-scheduler.js";

const RENEW = "letsencrypt:auto-renew";
/** Renewals start between 02:00 and 05:59, local time. */
const FIRST_HOUR = 2;
const WINDOW_MINUTES = 4 * 60;

/** slipwayd's own job: renew the certificates close to expiry (the command leaves the others alone). */
export function renewalEntry(schedule: string): CronEntry {
  return {
    key: JSON.stringify([RENEW, schedule]),
    name: RENEW,
    schedule,
    argv: [RENEW],
    fields: { job: RENEW, schedule },
  };
}

/**
 * The configured pattern, or once a day at a second of the night taken from the host name: fixed
 * for one server, spread over many, so they don't all ask the ACME server at the same moment.
 */
export function renewalSchedule(configured: string, hostname: string): string {
  if (configured.trim()) return checkedPattern(configured.trim());
  const hash = crypto.createHash("sha256").update(hostname).digest();
  const minute = hash.readUInt16BE(0) % WINDOW_MINUTES;
  return `${hash[2] % 60} ${minute % 60} ${FIRST_HOUR + Math.floor(minute / 60)} * * *`;
}

const RENEW_HINT =
  'use 5 fields (minute hour day month weekday) or 6 with seconds first, or "" for a daily time picked from the host name';

/** A pattern croner accepts and that runs at all, or an error naming the setting it came from. */
export function checkedPattern(
  pattern: string,
  setting = "letsencrypt.renewSchedule",
  hint = RENEW_HINT,
): string {
  try {
    if (nextRunAt(pattern, new Date()) !== Infinity) return pattern;
  } catch (err) {
    throw invalidSchedule(pattern, setting, hint, err);
  }
  throw invalidSchedule(pattern, setting, hint);
}

function invalidSchedule(pattern: string, setting: string, hint: string, cause?: unknown): SlipwayError {
  const why = cause instanceof Error ? `: ${cause.message}` : ": it never runs";
  return new SlipwayError(
    "settings",
    `${setting} ${JSON.stringify(pattern)} is not a usable cron pattern${why}`,
    {
      hint,
      cause,
    },
  );
}
