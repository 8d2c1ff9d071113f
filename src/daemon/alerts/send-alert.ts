import http from "node:http";
import https from "node:https";
import os from "node:os";
import type { AlertEvent } from "../../state/alerts/alert-events.js";
import type { Notifier } from "../../state/alerts/notifiers.js";
import type { AlertSettings } from "../../state/settings-parts.js";
import { formatAlert } from "./format-alert.js";

const TIMEOUT_MS = 10_000;

/** The outcome of one delivery, for the log: attempts made and the last error (no URL: it is a secret). */
export interface Delivery {
  ok: boolean;
  attempts: number;
  error?: string;
}

/** POST the alert, retrying with doubling waits; a 2xx answer is delivered. */
export async function sendAlert(n: Notifier, alert: AlertEvent, opts: AlertSettings): Promise<Delivery> {
  const body = formatAlert(alert, n.format, os.hostname());
  let error = "";
  for (let attempt = 1; attempt <= Math.max(1, opts.attempts); attempt++) {
    if (attempt > 1) await new Promise((r) => setTimeout(r, opts.retryMs * 2 ** (attempt - 2)));
    error = await postOnce(n.url, body).catch((err: Error) => err.message);
    if (!error) return { ok: true, attempts: attempt };
  }
  return { ok: false, attempts: Math.max(1, opts.attempts), error };
}

/** "" when the receiver answered 2xx, else what went wrong. */
function postOnce(url: string, body: string): Promise<string> {
  const client = url.startsWith("https:") ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(
      url,
      {
        method: "POST",
        timeout: TIMEOUT_MS,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
        agent: false,
      },
      (res) => {
        res.resume();
        const status = res.statusCode ?? 0;
        res.once("end", () =>
          resolve(status >= 200 && status < 300 ? "" : `the receiver answered ${status}`),
        );
      },
    );
    req.once("timeout", () => req.destroy(new Error(`no answer within ${TIMEOUT_MS / 1000} s`)));
    req.once("error", (err: NodeJS.ErrnoException) => reject(new Error(err.code ?? err.message)));
    req.end(body);
  });
}
