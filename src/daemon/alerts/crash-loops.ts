import type { AlertSettings } from "../../state/settings-parts.js";
import type { EngineEvent } from "./watch-engine.js";
import type { Happening, Observation } from "./plan-alerts.js";
import { alertOf } from "./alert-of.js";

const MINUTE_MS = 60_000;
/** A die this soon after Docker was asked to kill or stop the container was asked for, not a crash. */
const ASKED_MS = 120_000;

/**
 * Counts unasked exits per app service from engine events: enough within crashLoopMinutes is a
 * crash loop. OOM kills are happenings of their own.
 */
export class CrashLoops {
  private exits = new Map<string, { app: string; service: string; times: number[]; lastCode: string }>();
  private asked = new Map<string, number>();
  private ooms: Happening[] = [];

  constructor(private opts: AlertSettings) {}

  record(e: EngineEvent, now = Date.now()): void {
    const a = e.Actor.Attributes;
    const app = a["slipway.app"];
    const service = a["slipway.service"];
    if (!app || !service || a["slipway.oneoff"]) return;
    if (e.Action === "kill") this.asked.set(e.Actor.ID, now);
    else if (e.Action === "oom")
      this.ooms.push({
        key: `oom:${app}/${service}`,
        alert: alertOf(
          "oom-killed",
          `a process in ${app}'s ${service} was killed: out of memory`,
          { service, container: a.name ?? "" },
          app,
        ),
      });
    else if (e.Action === "die" && !this.wasAsked(e.Actor.ID, now))
      this.exit(app, service, a.exitCode ?? "?", now);
  }

  private wasAsked(id: string, now: number): boolean {
    for (const [k, t] of this.asked) if (now - t > ASKED_MS) this.asked.delete(k);
    return this.asked.has(id);
  }

  private exit(app: string, service: string, code: string, now: number): void {
    const key = `${app}/${service}`;
    const entry = this.exits.get(key) ?? { app, service, times: [], lastCode: code };
    entry.times.push(now);
    entry.lastCode = code;
    this.exits.set(key, entry);
  }

  /** OOM kills seen since the last call. */
  takeHappenings(): Happening[] {
    return this.ooms.splice(0);
  }

  /** One observation per service that exited lately; a service quiet for the window is observed fine once. */
  observe(now = Date.now()): Observation[] {
    const windowMs = this.opts.crashLoopMinutes * MINUTE_MS;
    return [...this.exits].map(([key, e]) => {
      e.times = e.times.filter((t) => now - t <= windowMs);
      if (!e.times.length) this.exits.delete(key);
      const holds = e.times.length >= this.opts.crashLoopExits;
      const message = holds
        ? `${e.app}'s ${e.service} exited ${e.times.length} times in ${this.opts.crashLoopMinutes} minutes (last exit code ${e.lastCode})`
        : `${e.app}'s ${e.service} has stopped exiting`;
      return {
        key: `crash:${key}`,
        holds,
        alert: alertOf(
          "crash-looping",
          message,
          { service: e.service, exits: e.times.length, exitCode: e.lastCode },
          e.app,
        ),
      };
    });
  }
}
