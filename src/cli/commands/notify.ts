import { SlipwayError } from "../../errors.js";
import { say } from "../../output.js";
import { ALERT_EVENTS, parseEventList } from "../../state/alerts/alert-events.js";
import {
  addNotifier,
  findNotifier,
  maskUrl,
  parseNotifierName,
  parseNotifyFormat,
  parseWebhookUrl,
  readNotifiers,
  removeNotifier,
} from "../../state/alerts/notifiers.js";
import { sendAlert } from "../../daemon/alerts/send-alert.js";
import { arg, command, type Command } from "../command.js";

const NAME = arg("NOTIFIER", parseNotifierName);

/** Webhooks slipwayd sends alerts to (docs/alerts.md). Their URLs are secrets: admins only, never printed whole. */
export const notifyCommands: Command[] = [
  command({
    remote: true,
    scope: "admin",
    usage: "notify:add NOTIFIER URL [--events a,b] [--format json|slack]",
    summary: "send alerts to a webhook (JSON, or Slack/Mattermost's format); replaces one of the same name",
    flags: { events: { type: "string" }, format: { type: "string" } },
    args: [NAME, arg("URL", parseWebhookUrl)],
    async run({ args: [name, url], flags }) {
      const events = typeof flags.events === "string" ? parseEventList(flags.events) : undefined;
      const format = parseNotifyFormat(typeof flags.format === "string" ? flags.format : "json");
      addNotifier({ name, url, format, ...(events ? { events } : {}) });
      say.step(`Alerts go to ${name} (${maskUrl(url)}, ${format}): ${events?.join(", ") ?? "every event"}`);
      say.info(`try it: slipway notify:test ${name}`);
    },
  }),
  command({
    remote: true,
    scope: "admin",
    usage: "notify:list [--json]",
    summary: "list notifiers (URLs masked) and the events they get",
    args: [],
    table: ["name", "url", "format", "events"],
    async run() {
      return readNotifiers().map((n) => ({
        name: n.name,
        url: maskUrl(n.url),
        format: n.format,
        events: n.events?.join(",") ?? "all",
      }));
    },
  }),
  command({
    remote: true,
    scope: "admin",
    usage: "notify:remove NOTIFIER",
    summary: "stop sending alerts to a notifier",
    args: [NAME],
    async run({ args: [name] }) {
      removeNotifier(name);
      say.step(`Removed notifier ${name}`);
    },
  }),
  command({
    remote: true,
    scope: "admin",
    usage: "notify:test NOTIFIER",
    summary: "send a test alert to a notifier now and say whether it arrived",
    args: [NAME],
    async run({ args: [name], settings }) {
      const n = findNotifier(name);
      const alert = {
        event: "test" as const,
        state: "firing" as const,
        message: `a test alert from Slipway (${ALERT_EVENTS.test.summary})`,
        at: new Date().toISOString(),
        details: {},
      };
      const d = await sendAlert(n, alert, {
        ...settings.alerts,
        attempts: Math.min(settings.alerts.attempts, 2),
      });
      if (!d.ok)
        throw new SlipwayError(
          "notify-failed",
          `the test alert did not reach ${name} (${maskUrl(n.url)}): ${d.error}`,
          {
            hint: `check the URL; set it again with \`slipway notify:add ${name} URL\``,
          },
        );
      say.step(`The test alert reached ${name} (${maskUrl(n.url)})`);
    },
  }),
];
