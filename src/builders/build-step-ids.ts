/**
 * What a classic build's output says about its own steps: the step containers it ran
 * (`Running in ID`) and the layers it took from the cache (`Using cache`, then `---> ID`).
 * Another build on the same engine names neither, so a build records (and later prunes) only
 * its own layers, never a cache layer a build beside it is standing on.
 */
export class BuildStepIds {
  readonly steps = new Set<string>();
  readonly cached = new Set<string>();
  private afterCache = false;

  /** Read complete output lines. */
  read(lines: string): void {
    for (const line of lines.split("\n")) {
      const running = /Running in ([0-9a-f]{12})/.exec(line);
      if (running) this.steps.add(running[1]);
      const layer = /^\s*---> ([0-9a-f]{12})\s*$/.exec(line);
      if (layer && this.afterCache) this.cached.add(layer[1]);
      if (layer || running) this.afterCache = false;
      if (/^\s*---> Using cache\s*$/.test(line)) this.afterCache = true;
    }
  }
}
