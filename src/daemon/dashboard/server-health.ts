import fs from "node:fs";
import os from "node:os";
import { stateRoot } from "../../state/paths.js";
import type { RoutingState } from "../../state/routing-state.js";
import type { Light } from "./app-light.js";

/** One line of the server's health: what, how it stands, and the figure behind it. */
export interface HealthItem {
  name: string;
  light: Light;
  detail: string;
}

const GB = 1 << 30;
const DAY_MS = 86_400_000;

/**
 * Disk, memory and certificates, read directly. This is the seam for `slipway status --json`'s
 * collectStatus() (the operations issue): when it lands, its items replace these.
 */
export function serverHealth(routing: Map<string, RoutingState>, now = Date.now()): HealthItem[] {
  return [diskHealth(), memoryHealth(), certificateHealth(routing, now)];
}

export function diskHealth(): HealthItem {
  const s = fs.statfsSync(stateRoot());
  const free = s.bavail * s.bsize;
  const share = free / (s.blocks * s.bsize);
  const detail = `${(free / GB).toFixed(1)} GB free of ${((s.blocks * s.bsize) / GB).toFixed(1)} GB`;
  return { name: "disk", light: share < 0.05 ? "red" : share < 0.15 ? "amber" : "green", detail };
}

export function memoryHealth(): HealthItem {
  const share = os.freemem() / os.totalmem();
  const detail = `${(os.freemem() / GB).toFixed(1)} GB free of ${(os.totalmem() / GB).toFixed(1)} GB`;
  return { name: "memory", light: share < 0.05 ? "red" : share < 0.1 ? "amber" : "green", detail };
}

/** The certificate closest to expiry decides: red past it or within 7 days, amber within 21. */
export function certificateHealth(routing: Map<string, RoutingState>, now: number): HealthItem {
  const certs = [...routing].flatMap(([app, { cert }]) =>
    cert ? [{ app, days: Math.floor((Date.parse(cert.notAfter) - now) / DAY_MS) }] : [],
  );
  if (!certs.length) return { name: "certificates", light: "green", detail: "no certificates installed" };
  const first = certs.sort((a, b) => a.days - b.days)[0];
  const light = first.days < 7 ? "red" : first.days < 21 ? "amber" : "green";
  return {
    name: "certificates",
    light,
    detail: `${certs.length}; ${first.app}'s expires in ${first.days} days`,
  };
}
