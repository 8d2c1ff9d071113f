import { usageError } from "../../errors.js";
import { apiBaseUrl, removeApiEndpoint, setApiEndpoint } from "../../proxy/api-endpoint.js";
import { splitPem } from "../../proxy/inspect-certificate.js";
import { say } from "../../output.js";
import { parseEmail } from "./letsencrypt.js";
import { arg, localCommand, optional, readStdin, type Command } from "../command.js";

/** slipwayd's HTTPS endpoint: local only, as tokens are; whoever exposes the API must be on the server. */
export const apiCommands: Command[] = [
  localCommand({
    usage: "api:domain DOMAIN (< cert-and-key.pem | --letsencrypt EMAIL) | api:domain --remove",
    summary:
      "serve the API and git over HTTPS at DOMAIN through nginx (PEM chain and key on stdin, or Let's Encrypt)",
    flags: { remove: { type: "boolean" }, letsencrypt: { type: "string" } },
    args: [optional(arg("DOMAIN"))],
    async run({ args, flags, settings }) {
      if (flags.remove) {
        if (args.length || flags.letsencrypt) {
          throw usageError(
            "api:domain --remove takes no DOMAIN or --letsencrypt",
            "slipway api:domain --remove",
          );
        }
        const old = await removeApiEndpoint(settings);
        say.step(
          `slipwayd is no longer served at ${old.domain}; it still listens on 127.0.0.1:${settings.daemon.port}`,
        );
        return;
      }
      if (args.length !== 1) {
        throw usageError(
          "api:domain takes one DOMAIN",
          "slipway api:domain slipway.example.org < cert-and-key.pem",
        );
      }
      const email = typeof flags.letsencrypt === "string" ? parseEmail(flags.letsencrypt) : undefined;
      const source = email ? { letsencrypt: email } : { bundle: splitPem(await readStdin()) };
      const endpoint = await setApiEndpoint(settings, args[0], source);
      const url = apiBaseUrl(settings, endpoint);
      const until = endpoint.cert.notAfter.slice(0, 10);
      say.step(
        `slipwayd is served at ${url}/api/v1/ and ${url}/git/APP.git until ${until}; HTTP redirects to it`,
      );
    },
  }),
  localCommand({
    usage: "api:report [--json]",
    summary: "slipwayd's HTTPS endpoint: domain, URL and certificate expiry",
    args: [],
    table: ["domain", "url", "expires", "names"],
    async run({ settings }) {
      const api = settings.api;
      const loopback = { domain: "none", url: `http://127.0.0.1:${settings.daemon.port} (loopback only)` };
      const row = api
        ? {
            domain: api.domain,
            url: apiBaseUrl(settings, api),
            expires: api.cert.notAfter,
            names: api.cert.names.join(","),
          }
        : loopback;
      return [row];
    },
  }),
];
