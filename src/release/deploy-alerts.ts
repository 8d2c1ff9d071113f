import { queueAlert } from "../state/alerts/alert-outbox.js";
import type { AlertEventName } from "../state/alerts/alert-events.js";
import { actor } from "../state/app-lock.js";

export interface DeployFacts {
  app: string;
  release: number;
  pusher?: string;
  sha?: string;
  cause: string;
}

/** Queue a deploy event for slipwayd to send; `started` (epoch ms) adds the seconds it took. */
export function announceDeploy(
  event: AlertEventName,
  f: DeployFacts,
  started?: number,
  error?: unknown,
): void {
  const seconds = started === undefined ? undefined : Math.round((Date.now() - started) / 100) / 10;
  const pusher = actor(f.pusher);
  const words: Partial<Record<AlertEventName, string>> = {
    "deploy-started": `${pusher} started deploying ${f.app} release ${f.release} (${f.cause})`,
    "deploy-succeeded": `${f.app} release ${f.release} is live after ${seconds} s`,
    "deploy-failed": `deploying ${f.app} release ${f.release} failed after ${seconds} s: ${reason(error)}`,
    rollback: `${f.app} was rolled back: release ${f.release} is live (${f.cause})`,
  };
  queueAlert({
    event,
    state: "firing",
    message: words[event] ?? event,
    at: new Date().toISOString(),
    app: f.app,
    details: {
      release: f.release,
      pusher,
      sha: f.sha ?? "",
      cause: f.cause,
      ...(seconds === undefined ? {} : { seconds }),
    },
  });
}

function reason(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0].slice(0, 300);
}
