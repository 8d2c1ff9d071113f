import type { AlertEvent } from "../../state/alerts/alert-events.js";
import type { NotifyFormat } from "../../state/alerts/notifiers.js";

/** The request body a notifier gets: the event as JSON, or Slack/Mattermost's `{text}`. */
export function formatAlert(alert: AlertEvent, format: NotifyFormat, host: string): string {
  if (format === "json") return JSON.stringify({ source: "slipway", host, ...alert });
  const mark = alert.state === "resolved" ? "resolved" : alert.event;
  const details = Object.entries(alert.details)
    .map(([k, v]) => `${k}: ${v}`)
    .join(", ");
  return JSON.stringify({ text: `[${host}] ${mark}: ${alert.message}${details ? ` (${details})` : ""}` });
}
