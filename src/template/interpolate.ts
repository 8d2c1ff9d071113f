/**
 * Expand ${VAR} and ${VAR:-default} in an env value. `$${` stays a literal `${`. Anything else,
 * including a bare $VAR, is left for the container's shell, which is where users expect it.
 */
export function interpolate(value: string, vars: Record<string, string>): { value: string; missing: string[] } {
  const missing: string[] = [];
  const out = value.replace(/\$(\$?)\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g, (whole, escaped: string, name: string, fallback?: string) => {
    if (escaped) return whole.slice(1);
    if (Object.hasOwn(vars, name)) return vars[name];
    if (fallback !== undefined) return fallback;
    missing.push(name);
    return "";
  });
  return { value: out, missing };
}

/** Names a value refers to, so image services get only the config they ask for. */
export function referencedNames(value: string): string[] {
  return [...value.matchAll(/(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]);
}
