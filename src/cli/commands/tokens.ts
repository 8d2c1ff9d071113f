import { usageError } from "../../errors.js";
import { createToken, readTokens, revokeToken } from "../../daemon/token-store.js";
import { say } from "../output.js";
import { printTable, type Command } from "../command.js";

/** Tokens open the HTTP API and git over HTTP; only an admin on the server hands them out. */
export const tokensCommands: Command[] = [
  {
    name: "tokens:create",
    usage: "tokens:create NAME",
    summary: "create an API and git-over-HTTP token (printed once)",
    remote: false,
    async run({ args }) {
      if (args.length !== 1) throw usageError("tokens:create takes one NAME", "slipway tokens:create ci");
      const token = await createToken(args[0]);
      process.stdout.write(`${token}\n`);
      say.step(`Created token ${args[0]}; it is shown only now, so store it somewhere safe`);
    },
  },
  {
    name: "tokens:list",
    usage: "tokens:list [--json]",
    summary: "list token names (the tokens themselves are not stored)",
    remote: false,
    flags: { json: { type: "boolean" } },
    async run({ flags }) {
      printTable(readTokens().map((t) => ({ name: t.name, created: t.createdAt })), ["name", "created"], !!flags.json);
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
