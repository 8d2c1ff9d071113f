import { test } from "node:test";
import assert from "node:assert/strict";
import { publishRefusals, reservedPorts, type ServerPorts } from "../../../src/engine/publish-refusals.js";
import { loadTemplate } from "../../../src/template/load-template.js";

const server = (over: Partial<ServerPorts> = {}): ServerPorts => ({
  reserved: reservedPorts({ ssh: [2222], http: [8080], https: [8443], daemon: 7701 }),
  held: new Map([
    [6000, "tcp"],
    [6001, "udp"],
    [2525, "tcp"],
  ]),
  allowed: new Set([25]),
  ownLive: new Set([2525]),
  ...over,
});
const publishing = (...ports: number[]) =>
  loadTemplate(
    `services:\n  mail:\n    image: "example/mail:1"\n    publish: {${ports.map((p) => `"${p}": smtp`).join(", ")}}\n`,
  );

test("the server's own ports are never published, whatever is allowed", () => {
  const all = server({ allowed: new Set([22, 80, 443, 25]) });
  // Object keys: host ports come out in numeric order.
  assert.deepEqual(publishRefusals(publishing(22, 2222, 80, 8080, 443, 8443, 7701), all), [
    "host port 22 (services.mail.publish) is SSH's port; the server itself needs it",
    "host port 80 (services.mail.publish) is nginx's HTTP port; the server itself needs it",
    "host port 443 (services.mail.publish) is nginx's HTTPS port; the server itself needs it",
    "host port 2222 (services.mail.publish) is SSH's port; the server itself needs it",
    "host port 7701 (services.mail.publish) is slipwayd's API port; the server itself needs it",
    "host port 8080 (services.mail.publish) is nginx's HTTP port; the server itself needs it",
    "host port 8443 (services.mail.publish) is nginx's HTTPS port; the server itself needs it",
  ]);
});

test("a port below 1024 needs an admin's allowance", () => {
  assert.deepEqual(publishRefusals(publishing(25, 587), server()), [
    "host port 587 (services.mail.publish) is below 1024, which an admin must allow first",
  ]);
});

test("a port something holds is refused, unless the app's own live release holds it", () => {
  assert.deepEqual(publishRefusals(publishing(6000, 6001, 2525, 7000), server()), [
    "host port 6000 (services.mail.publish) is already in use on this host (something listens on it, tcp)",
    "host port 6001 (services.mail.publish) is already in use on this host (something listens on it, udp)",
  ]);
  assert.deepEqual(publishRefusals(publishing(2525), server({ ownLive: new Set() })).length, 1);
});
