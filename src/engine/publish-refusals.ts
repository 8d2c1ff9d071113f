import type { Template } from "../template/template.js";

/** What the server knows about its ports when a template asks to publish some. */
export interface ServerPorts {
  /** The server's own ports (SSH, nginx, slipwayd) → what uses them; never published. */
  reserved: Map<number, string>;
  /** Ports something on the host holds right now → tcp/udp. */
  held: Map<number, string>;
  /** Ports below 1024 an admin allowed (settings publishAllowed). */
  allowed: Set<number>;
  /** Host ports the app's live release publishes: held by its own containers, so free to take again. */
  ownLive: Set<number>;
}

/** Privileged ports (mail, DNS...) are an admin's decision, not a pusher's. */
export const FIRST_FREE_PORT = 1024;

/** One line per `publish:` host port the server cannot give this app, naming the port, the key and why. */
export function publishRefusals(template: Template, server: ServerPorts): string[] {
  return template.services.flatMap((s) =>
    Object.keys(s.publish).flatMap((key) => {
      const why = refusalReason(Number(key), server);
      return why ? [`host port ${key} (services.${s.name}.publish) ${why}`] : [];
    }),
  );
}

function refusalReason(port: number, server: ServerPorts): string | undefined {
  const use = server.reserved.get(port);
  if (use) return `is ${use}; the server itself needs it`;
  if (port < FIRST_FREE_PORT && !server.allowed.has(port))
    return `is below ${FIRST_FREE_PORT}, which an admin must allow first`;
  const held = server.held.get(port);
  if (held && !server.ownLive.has(port))
    return `is already in use on this host (something listens on it, ${held})`;
  return undefined;
}

/** The server's own ports by use: SSH (22, sshd's), nginx's HTTP and HTTPS (80, 443, the configured ones), slipwayd's. */
export function reservedPorts(ports: {
  ssh: number[];
  http: number[];
  https: number[];
  daemon: number;
}): Map<number, string> {
  const out = new Map<number, string>();
  const add = (list: number[], use: string) => list.forEach((p) => out.has(p) || out.set(p, use));
  add([ports.daemon], "slipwayd's API port");
  add([22, ...ports.ssh], "SSH's port");
  add([80, ...ports.http], "nginx's HTTP port");
  add([443, ...ports.https], "nginx's HTTPS port");
  return out;
}
