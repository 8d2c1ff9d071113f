import { SlipwayError, usageError } from "../../errors.js";
import { issueCertificate } from "../../proxy/letsencrypt.js";
import { renewDueCertificates } from "../../proxy/renew-certificates.js";
import { say } from "../../output.js";
import { appCommand, localCommand, type Command } from "../command.js";

const EMAIL = /^[^\s@<>"'`;]+@[a-z0-9.-]+\.[a-z]{2,}$/i;

/** The address Let's Encrypt sends expiry notices to, checked before any order. */
export function parseEmail(raw: string): string {
  if (!EMAIL.test(raw))
    throw new SlipwayError("email", `invalid email ${JSON.stringify(raw)}`, {
      hint: "Let's Encrypt sends expiry notices there",
    });
  return raw;
}

export const letsencryptCommands: Command[] = [
  appCommand({
    usage: "letsencrypt:enable APP --email EMAIL",
    summary: "get a Let's Encrypt certificate for an app's domains and keep it renewed",
    flags: { email: { type: "string" } },
    async run({ args: [app], flags, settings }) {
      if (typeof flags.email !== "string") {
        throw usageError(
          "letsencrypt:enable takes one APP and --email",
          "slipway letsencrypt:enable myapp --email you@example.org",
        );
      }
      parseEmail(flags.email);
      await issueCertificate(settings, app, flags.email);
    },
  }),
  localCommand({
    usage: "letsencrypt:auto-renew",
    summary: "renew Let's Encrypt certificates close to expiry (slipwayd runs it daily)",
    args: [],
    async run({ settings }) {
      const { renewed, failed } = await renewDueCertificates(settings);
      say.step(`Renewed ${renewed.length} certificate(s)${renewed.length ? `: ${renewed.join(", ")}` : ""}`);
      if (failed.length)
        throw new SlipwayError(
          "renew",
          `renewal failed for ${failed.join(", ")}; their current certificates keep serving`,
          { hint: "see the messages above" },
        );
    },
  }),
];
