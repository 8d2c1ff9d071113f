import { ALERT_EVENTS, type AlertEvent } from "../../state/alerts/alert-events.js";
import type { AlertMemory } from "../../state/alerts/alert-memory.js";

/** A happening to send; with a key, the same key is sent at most once per repeat window. */
export interface Happening {
  key?: string;
  alert: AlertEvent;
}

/** One check's answer about one condition: it holds (alert describes it) or it does not. */
export interface Observation {
  key: string;
  holds: boolean;
  alert: AlertEvent;
}

export interface AlertPlan {
  send: AlertEvent[];
  memory: AlertMemory;
}

/**
 * Which alerts to send now, and what to remember: a new condition is sent, a held one again only
 * after repeatMs, an ended one is announced as resolved; a keyed happening is quiet for repeatMs.
 */
export function planAlerts(
  memory: AlertMemory,
  input: { happenings?: Happening[]; observations?: Observation[] },
  now: number,
  repeatMs: number,
): AlertPlan {
  const keys = { ...memory.keys };
  const send: AlertEvent[] = [];
  const due = (key: string) => !keys[key] || now - Date.parse(keys[key].lastSentAt) >= repeatMs;
  const remember = (key: string, a: AlertEvent) => {
    const since = keys[key]?.since ?? new Date(now).toISOString();
    keys[key] = {
      event: a.event,
      since,
      lastSentAt: new Date(now).toISOString(),
      app: a.app,
      message: a.message,
    };
  };
  for (const h of input.happenings ?? []) {
    if (h.key && !due(h.key)) continue;
    send.push(h.alert);
    if (h.key) remember(h.key, h.alert);
  }
  for (const o of input.observations ?? []) {
    if (o.holds && due(o.key)) {
      send.push({
        ...o.alert,
        state: "firing",
        details: { ...o.alert.details, since: keys[o.key]?.since ?? o.alert.at },
      });
      remember(o.key, o.alert);
    } else if (!o.holds && keys[o.key]) {
      send.push({ ...o.alert, state: "resolved", details: { ...o.alert.details, since: keys[o.key].since } });
      delete keys[o.key];
    }
  }
  return { send, memory: { version: 1, keys: forgetQuietHappenings(keys, now, repeatMs) } };
}

/** A happening's key is kept only for its quiet window; a condition's until it resolves. */
function forgetQuietHappenings(
  keys: AlertMemory["keys"],
  now: number,
  repeatMs: number,
): AlertMemory["keys"] {
  return Object.fromEntries(
    Object.entries(keys).filter(
      ([, r]) => ALERT_EVENTS[r.event].kind === "condition" || now - Date.parse(r.lastSentAt) < repeatMs,
    ),
  );
}
