import { SlipwayError, usageError } from "../../errors.js";
import { readJson, writeJsonAtomic } from "../atomic-write.js";
import { paths } from "../paths.js";
import type { AlertEventName } from "./alert-events.js";

export type NotifyFormat = "json" | "slack";

/** Where alerts go. The URL often carries a secret token, so the file is 0600 and the URL never printed whole. */
export interface Notifier {
  name: string;
  url: string;
  format: NotifyFormat;
  /** Only these events; absent means every event. */
  events?: AlertEventName[];
  createdAt: string;
}

const NAME = /^[a-z0-9][a-z0-9_-]{0,39}$/;

export function parseNotifierName(raw: string): string {
  if (!NAME.test(raw))
    throw usageError(
      `invalid notifier name ${JSON.stringify(raw)}`,
      "use up to 40 lowercase letters, digits, - and _",
    );
  return raw;
}

/** The boundary check for a webhook URL: http or https, a host, nothing that could smuggle a second line. */
export function parseWebhookUrl(raw: string): string {
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (!url || !["http:", "https:"].includes(url.protocol) || !url.hostname || /\s/.test(raw))
    throw usageError(
      "the webhook URL must be an http:// or https:// URL",
      "e.g. https://hooks.slack.com/services/…",
    );
  return url.toString();
}

export function parseNotifyFormat(raw: string): NotifyFormat {
  if (raw !== "json" && raw !== "slack")
    throw usageError(`unknown format ${JSON.stringify(raw)}`, "use json or slack");
  return raw;
}

/** Scheme and host only: the path and query of a webhook URL are its secret. */
export function maskUrl(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.host}/…`;
}

export function readNotifiers(): Notifier[] {
  return readJson<{ notifiers: Notifier[] }>(paths.notifiers())?.notifiers ?? [];
}

function saveNotifiers(list: Notifier[]): void {
  writeJsonAtomic(paths.notifiers(), { notifiers: list }, 0o600);
}

/** Add or replace the notifier of that name. */
export function addNotifier(n: Omit<Notifier, "createdAt">): void {
  const others = readNotifiers().filter((o) => o.name !== n.name);
  saveNotifiers([...others, { ...n, createdAt: new Date().toISOString() }]);
}

export function removeNotifier(name: string): void {
  const list = readNotifiers();
  if (!list.some((n) => n.name === name)) throw noSuchNotifier(name);
  saveNotifiers(list.filter((n) => n.name !== name));
}

export function findNotifier(name: string): Notifier {
  const found = readNotifiers().find((n) => n.name === name);
  if (!found) throw noSuchNotifier(name);
  return found;
}

function noSuchNotifier(name: string): SlipwayError {
  return new SlipwayError("no-notifier", `there is no notifier named ${name}`, {
    hint: "see `slipway notify:list`",
  });
}

/** Does this notifier want this event? A test always goes to the notifier asked for. */
export function wants(n: Notifier, event: AlertEventName): boolean {
  return event === "test" || !n.events || n.events.includes(event);
}
