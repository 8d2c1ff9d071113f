import { SlipwayError, usageError } from "../../errors.js";
import { parseAppName } from "../../state/app-name.js";
import { changeRouting } from "../../proxy/change-routing.js";
import { hashPassword, parseAuthUser } from "../../proxy/hash-password.js";
import { say } from "../../output.js";
import { readStdin, type Command } from "../command.js";

export const authCommands: Command[] = [
  {
    name: "auth:set",
    usage: "auth:set APP USER < password",
    summary: "require HTTP basic auth on an app; adds or changes one user",
    remote: true,
    scope: { app: 0 },
    async run({ args, settings }) {
      if (args.length !== 2) throw usageError("auth:set takes APP and USER, and the password on stdin", "echo 'secret' | slipway auth:set myapp alice");
      const app = parseAppName(args[0]);
      const user = parseAuthUser(args[1]);
      const hash = await hashPassword(await readStdin());
      await changeRouting(settings, app, (state) => ({ ...state, auth: { ...state.auth, [user]: hash } }));
      say.step(`${app} now asks for a password; ${user} may sign in`);
    },
  },
  {
    name: "auth:remove",
    usage: "auth:remove APP [USER]",
    summary: "remove one auth user, or all of them (the app is public again)",
    remote: true,
    scope: { app: 0 },
    async run({ args, settings }) {
      if (args.length < 1 || args.length > 2) throw usageError("auth:remove takes APP and optionally USER", "slipway auth:remove myapp alice");
      const app = parseAppName(args[0]);
      const user = args[1] === undefined ? undefined : parseAuthUser(args[1]);
      const next = await changeRouting(settings, app, (state) => {
        if (user && !(user in state.auth)) throw new SlipwayError("no-user", `${app} has no auth user ${user}`);
        const auth = user ? Object.fromEntries(Object.entries(state.auth).filter(([u]) => u !== user)) : {};
        return { ...state, auth };
      });
      say.step(Object.keys(next.auth).length ? `Removed ${user} from ${app}` : `${app} no longer asks for a password`);
    },
  },
];
