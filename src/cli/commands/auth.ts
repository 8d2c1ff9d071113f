import { SlipwayError } from "../../errors.js";
import { changeRouting } from "../../proxy/change-routing.js";
import { hashPassword, parseAuthUser } from "../../proxy/hash-password.js";
import { say } from "../../output.js";
import { appCommand, arg, optional, readStdin, type Command } from "../command.js";

export const authCommands: Command[] = [
  appCommand({
    usage: "auth:set APP USER < password",
    summary: "require HTTP basic auth on an app; adds or changes one user",
    args: [arg("USER", parseAuthUser)],
    async run({ args: [app, user], settings }) {
      const hash = await hashPassword(await readStdin());
      await changeRouting(settings, app, (state) => ({ ...state, auth: { ...state.auth, [user]: hash } }));
      say.step(`${app} now asks for a password; ${user} may sign in`);
    },
  }),
  appCommand({
    usage: "auth:remove APP [USER]",
    summary: "remove one auth user, or all of them (the app is public again)",
    args: [optional(arg("USER", parseAuthUser))],
    async run({ args: [app, user], settings }) {
      const next = await changeRouting(settings, app, (state) => {
        if (user && !(user in state.auth))
          throw new SlipwayError("no-user", `${app} has no auth user ${user}`);
        const auth = user ? Object.fromEntries(Object.entries(state.auth).filter(([u]) => u !== user)) : {};
        return { ...state, auth };
      });
      say.step(
        Object.keys(next.auth).length
          ? `Removed ${user} from ${app}`
          : `${app} no longer asks for a password`,
      );
    },
  }),
];
