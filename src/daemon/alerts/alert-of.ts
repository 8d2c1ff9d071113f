import type { AlertEvent, AlertEventName } from "../../state/alerts/alert-events.js";

/** An alert as it is at this moment; checks fill in the rest. */
export function alertOf(
  event: AlertEventName,
  message: string,
  details: AlertEvent["details"] = {},
  app?: string,
): AlertEvent {
  return { event, state: "firing", message, at: new Date().toISOString(), ...(app ? { app } : {}), details };
}
