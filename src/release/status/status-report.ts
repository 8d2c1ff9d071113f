/**
 * The JSON `slipway status --json` prints and the dashboard shows (schema 1). Each line is one thing an
 * admin would check, with a colour and the reason for it; `state` is the worst colour of all lines.
 */
export type StatusState = "green" | "amber" | "red";

/** What a line is about; lines come in this order. */
export type StatusSection =
  "slipway" | "disk" | "app-disk" | "container" | "certificate" | "backup" | "deploy";

export interface StatusLine {
  section: StatusSection;
  /** A mount point, an app, a container name, "backups" or "slipway". */
  subject: string;
  state: StatusState;
  /** One short sentence: why the line has its colour. */
  reason: string;
  /** The figures behind the reason (bytes, percents, ISO dates), for the dashboard to draw. */
  data?: Record<string, string | number | boolean | null>;
}

export interface StatusReport {
  schema: 1;
  generatedAt: string;
  /** The worst state of any line: red makes `slipway status` exit 1. */
  state: StatusState;
  slipway: {
    version: string;
    /** The format the state directory is in (settings.json stateVersion). */
    stateVersion: number;
    /** The format this Slipway writes; state newer than this is refused. */
    codeStateVersion: number;
  };
  lines: StatusLine[];
}

const RANK: Record<StatusState, number> = { green: 0, amber: 1, red: 2 };

/** The worse of the states, green for none. */
export function worstState(states: StatusState[]): StatusState {
  return states.reduce<StatusState>((worst, s) => (RANK[s] > RANK[worst] ? s : worst), "green");
}
