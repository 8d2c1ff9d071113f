/**
 * The slipway.yml schema. It is both the validator's input and the source of docs/template.md,
 * so the reference can never disagree with what a push accepts.
 */
import type { Check } from "./schema-checks.js";
import { isMap, NAME, PORT_NAME, nameCheck, command, cronSchedule } from "./schema-checks.js";
import { service } from "./service-schema.js";

export { isMap } from "./schema-checks.js";
export type { Check };

export interface Node {
  doc: string;
  /** Shown in the reference, e.g. `map of name → port`. */
  type: string;
  example?: string;
  /** A map with fixed keys; unknown keys are errors. */
  keys?: Record<string, Node>;
  /** A map with free keys (service names, env names) whose values follow this node. */
  values?: Node;
  /** Rule for free keys, when they have one. */
  keyCheck?: Check;
  /** A list whose items follow this node. */
  items?: Node;
  /** Checks a scalar or a shape the other fields cannot express. */
  check?: Check;
  required?: string[];
  /** Accepts a map (`values`/`keyCheck`) or a list (`items`); which applies depends on the value. */
  either?: Pick<Node, "values" | "keyCheck" | "items">;
}

export const templateSchema: Node = {
  type: "map",
  doc: "The whole file.",
  required: ["services"],
  keys: {
    services: {
      type: "map of name → service",
      doc: "The app's services, by name (lowercase letters, digits, -).",
      values: service,
      keyCheck: nameCheck(
        "service name",
        NAME,
        "lowercase letters, digits and - (start with a letter, at most 31)",
      ),
      check: (v) =>
        v === null || (isMap(v) && !Object.keys(v).length)
          ? "must name at least one service"
          : isMap(v)
            ? undefined
            : "must be a map",
    },
    route: {
      type: "map",
      doc: "Which service and port nginx sends the app's domains to. Default: `web` and its first port.",
      keys: {
        service: {
          type: "service name",
          doc: "The routed service.",
          check: nameCheck("service", NAME, "a service name"),
        },
        port: {
          type: "port name",
          doc: "Its port to route to.",
          check: nameCheck("port", PORT_NAME, "a port name"),
        },
      },
    },
    cron: {
      type: "list",
      doc: "Scheduled one-off runs in a service's image and environment.",
      items: {
        type: "map",
        doc: "One scheduled job.",
        required: ["schedule", "service", "run"],
        keys: {
          id: {
            type: "string",
            doc: "Name used by cron:run; default: the job's position (1, 2, …).",
            check: nameCheck("id", NAME, "lowercase letters, digits and -"),
          },
          schedule: {
            type: "cron expression",
            doc: "When to run, in cron syntax: minute hour day month weekday. A job runs at most once a minute, so a seconds field is refused.",
            example: '"*/10 * * * *"',
            check: cronSchedule,
          },
          service: {
            type: "service name",
            doc: "Whose image, env and network the job uses.",
            check: nameCheck("service", NAME, "a service name"),
          },
          run: {
            type: "string or list of strings",
            doc: "Command: a string runs through /bin/sh -c, a list is the argv (no shell).",
            check: command,
          },
        },
      },
    },
  },
};
