import { usageError } from "../../errors.js";
import { describeScope, readScope, scopeFromFlags } from "../../git/access-scope.js";
import { createToken, readTokens, revokeToken } from "../../daemon/token-store.js";
import { say } from "../../output.js";
import { printTable, type Command } from "../command.js";

const EXAMPLE = "slipway tokens:create ci --apps 'shop,blog-*' (or --admin)";

/** Tokens open the HTTP API and git over HTTP; only an admin on the server hands them out. */
export const tokensCommands: Command[] = [
  {
    name: "tokens:create",
    usage: "tokens:create NAME --apps APP,...|--admin",
    summary: "create an API and git-over-HTTP token for some apps or for everything (printed once)",
    remote: false,
    flags: { admin: { type: "boolean" }, apps: { type: "string" } },
    async run({ args, flags }) {
      if (args.length !== 1) throw usageError("tokens:create takes one NAME", EXAMPLE);
      const scope = scopeFromFlags(flags, EXAMPLE);
      const token = await createToken(args[0], scope);
      process.stdout.write(`${token}\n`);
      say.step(`Created token ${args[0]} (${describeScope(scope)}); it is shown only now, so store it safely`);
    },
  },
  {
    name: "tokens:list",
    usage: "tokens:list [--json]",
    summary: "list token names and scopes (the tokens themselves are not stored)",
    remote: false,
    flags: { json: { type: "boolean" } },
    async run({ flags }) {
      const rows = readTokens().map((t) => ({ name: t.name, created: t.createdAt, scope: describeScope(readScope(t.scope)) }));
      printTable(rows, ["name", "created", "scope"], !!flags.json);
    },
  },
  {
    name: "tokens:revoke",
    usage: "tokens:revoke NAME",
    summary: "revoke a token at once",
    remote: false,
    async run({ args }) {
      if (args.length !== 1) throw usageError("tokens:revoke takes one NAME", "see `slipway tokens:list` for the names");
      await revokeToken(args[0]);
      say.step(`Revoked token ${args[0]}`);
    },
  },
];
