import { usageError } from "../../errors.js";

/**
 * Every event a notifier can be sent, in one table (docs/alerts.md lists the same). A "condition"
 * holds for a while: it is repeated at most once per alerts.repeatMinutes and its end is announced.
 * A "happening" is sent once; the same key is not sent again within the repeat window.
 */
export const ALERT_EVENTS = {
  "deploy-started": { kind: "happening", summary: "a push or deploy began (app, release, pusher, sha)" },
  "deploy-succeeded": {
    kind: "happening",
    summary: "a release went live (app, release, pusher, sha, seconds)",
  },
  "deploy-failed": { kind: "happening", summary: "a deploy failed; the previous release still serves" },
  rollback: { kind: "happening", summary: "an app was rolled back to an earlier release" },
  "crash-looping": { kind: "condition", summary: "a service's container exited repeatedly within minutes" },
  "oom-killed": { kind: "happening", summary: "a process in an app container was killed for memory" },
  "health-failing": { kind: "condition", summary: "a routed service stopped answering its health path" },
  "disk-full": { kind: "condition", summary: "a watched filesystem is fuller than alerts.diskPercent" },
  "cert-renewal-failed": { kind: "condition", summary: "the certificate renewal run failed" },
  "cert-expiring": { kind: "condition", summary: "a certificate expires within alerts.certDays days" },
  "backup-failed": { kind: "condition", summary: "the last backup failed" },
  "backup-stale": { kind: "condition", summary: "the last good backup is older than 2 schedule periods" },
  "cron-failed": { kind: "condition", summary: "an app's cron job exited non-zero" },
  "engine-restarted": {
    kind: "happening",
    summary: "the Docker engine went away and came back; apps were restored",
  },
  test: { kind: "happening", summary: "sent by notify:test" },
} as const satisfies Record<string, { kind: "happening" | "condition"; summary: string }>;

export type AlertEventName = keyof typeof ALERT_EVENTS;

export function isAlertEvent(name: string): name is AlertEventName {
  return Object.hasOwn(ALERT_EVENTS, name);
}

/** `--events a,b`: every name must be in the table; the boundary check for notify:add. */
export function parseEventList(raw: string): AlertEventName[] {
  const names = raw
    .split(",")
    .map((n) => n.trim())
    .filter(Boolean);
  const unknown = names.filter((n) => !isAlertEvent(n));
  if (!names.length || unknown.length)
    throw usageError(
      `unknown event ${unknown.map((n) => JSON.stringify(n)).join(", ") || "list (it is empty)"}`,
      `events are: ${Object.keys(ALERT_EVENTS).join(", ")}`,
    );
  return [...new Set(names)] as AlertEventName[];
}

/** One thing that happened or holds, as a notifier receives it. */
export interface AlertEvent {
  event: AlertEventName;
  /** "firing" for a happening or a condition that holds; "resolved" when a condition ended. */
  state: "firing" | "resolved";
  /** One line for people. */
  message: string;
  at: string;
  app?: string;
  /** What the event is about (release, pusher, sha, seconds, path, percent...). */
  details: Record<string, string | number | boolean>;
}
