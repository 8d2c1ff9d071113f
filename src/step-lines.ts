/**
 * The `-----> ` step lines that mark a push's phases, defined once: the deploy prints them and the
 * benchmarks find the phases by the patterns, so a changed wording breaks the benchmark loudly, not with NaN.
 */
export const stepText = {
  building: (app: string, release: number, how: string) => `Building ${app} release ${release} ${how}`,
  plan: (summary: string) => `Plan: ${summary}`,
  routing: (host: string, release: number) => `Routing ${host} to release ${release}`,
};

/** Where each phase of a push starts, in order: receive runs from the push until `build`. */
export const phaseStarts = {
  build: /-----> Building \S+ release \d+ /,
  start: /-----> Plan: /,
  route: /-----> Routing \S+ to release \d+/,
} as const;

export type Phase = keyof typeof phaseStarts;
