import type { Logger } from "winston";
import type { AlertEvent } from "../../state/alerts/alert-events.js";
import { readNotifiers, wants } from "../../state/alerts/notifiers.js";
import type { AlertSettings } from "../../state/settings-parts.js";
import { sendAlert } from "./send-alert.js";

/** Each alert to every notifier that wants it; what could not be delivered is a line in the log. */
export async function deliverAlerts(alerts: AlertEvent[], opts: AlertSettings, log: Logger): Promise<void> {
  if (!alerts.length) return;
  const notifiers = readNotifiers();
  await Promise.all(
    alerts.flatMap((alert) =>
      notifiers
        .filter((n) => wants(n, alert.event))
        .map(async (n) => {
          const fields = {
            notifier: n.name,
            event: alert.event,
            state: alert.state,
            app: alert.app,
            summary: alert.message,
          };
          const d = await sendAlert(n, alert, opts);
          if (d.ok) log.info("alert sent", { ...fields, attempts: d.attempts });
          else log.error("alert not delivered", { ...fields, attempts: d.attempts, error: d.error });
        }),
    ),
  );
}
