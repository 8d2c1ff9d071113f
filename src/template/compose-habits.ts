/** Service keys from docker-compose that Slipway spells differently: a translation, not only a refusal. */
const COMPOSE_KEYS: Record<string, string> = {
  command: 'unknown key; did you mean "cmd"? (compose\'s command)',
  environment: 'unknown key; did you mean "env"? (compose\'s environment)',
  healthcheck: 'unknown key; did you mean "health"? (compose\'s healthcheck; give path, tcp or cmd)',
  restart: "unknown key: Slipway always restarts a service that stops, so leave it out",
};

/** The message for a compose key at service level, if `key` is one. */
export function composeKeyMessage(key: string, known: string[]): string | undefined {
  return known.includes("depends_on") && Object.hasOwn(COMPOSE_KEYS, key) ? COMPOSE_KEYS[key] : undefined;
}

/** `"8000:8000"` or `8000` in a list of port names: say how Slipway writes it. */
export function composePortMessage(value: unknown): string | undefined {
  const m = /^(?:\d+\.\d+\.\d+\.\d+:)?(?:(\d+):)?(\d+)(?:\/tcp)?$/.exec(String(value));
  if (!m || (typeof value !== "string" && typeof value !== "number")) return undefined;
  const [, host, port] = m;
  const named = `name the port the app listens on, as ports: {http: ${port}} (nginx routes to it)`;
  if (!host) return `${JSON.stringify(value)} is a port number; ${named}`;
  return `${JSON.stringify(value)} is compose's HOST:CONTAINER form; ${named}, and add publish: {"${host}": http} only to open host port ${host} to the world`;
}
