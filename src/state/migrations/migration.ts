/**
 * A change of the on-disk state format, as a pure function of what it reads. Migration N takes state of
 * version N-1 to version N; the executor (src/release/migrate-state.ts) reads, applies and writes.
 */
export interface Migration {
  /** The version the state has once this migration ran. */
  version: number;
  /** One line for configure-system.sh's output and docs/upgrading.md. */
  summary: string;
  /** An app's files to write (relative to its state directory), from what the app has now. */
  migrateApp(app: AppSnapshot): FileWrite[];
}

/** One app's state as a migration reads it; JSON documents are untyped since their format is changing. */
export interface AppSnapshot {
  name: string;
  /** app.json */
  record: Record<string, unknown>;
  /** releases/N.json by release number. */
  releases: Record<number, Record<string, unknown>>;
  /** The app's images the engine still has (Slipway labels them with app, release and commit). */
  images: ImageFact[];
}

export interface ImageFact {
  ref: string;
  release: number;
  sha?: string;
  createdAt: string;
}

export interface FileWrite {
  /** Relative to the app's state directory: "app.json", "releases/2.json". */
  file: string;
  json: unknown;
}
