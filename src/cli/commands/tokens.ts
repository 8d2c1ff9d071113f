import { describeScope, readScope, scopeFromFlags } from "../../git/access-scope.js";
import { createToken, readTokens, revokeToken } from "../../daemon/token-store.js";
import { say } from "../../output.js";
import { arg, localCommand, type Command } from "../command.js";

const EXAMPLE = "slipway tokens:create ci --apps 'shop,blog-*' (or --admin)";

/** Tokens open the HTTP API and git over HTTP; only an admin on the server hands them out. */
export const tokensCommands: Command[] = [
  localCommand({
    usage: "tokens:create NAME --apps APP,...|--admin",
    summary: "create an API and git-over-HTTP token for some apps or for everything (printed once)",
    flags: { admin: { type: "boolean" }, apps: { type: "string" } },
    args: [arg("NAME")],
    async run({ args: [tokenName], flags }) {
      const scope = scopeFromFlags(flags, EXAMPLE);
      const token = await createToken(tokenName, scope);
      process.stdout.write(`${token}\n`);
      say.step(
        `Created token ${tokenName} (${describeScope(scope)}); it is shown only now, so store it safely`,
      );
    },
  }),
  localCommand({
    usage: "tokens:list [--json]",
    summary: "list token names and scopes (the tokens themselves are not stored)",
    args: [],
    table: ["name", "created", "scope"],
    async run() {
      const rows = readTokens().map((t) => ({
        name: t.name,
        created: t.createdAt,
        scope: describeScope(readScope(t.scope)),
      }));
      return rows;
    },
  }),
  localCommand({
    usage: "tokens:revoke NAME",
    summary: "revoke a token at once",
    args: [arg("NAME")],
    async run({ args: [tokenName] }) {
      await revokeToken(tokenName);
      say.step(`Revoked token ${tokenName}`);
    },
  }),
];
