import { SessionStore } from "./session-store.js";

/** slipwayd's one session store: in memory, so a restart logs everybody out. */
export const sessions = new SessionStore();
