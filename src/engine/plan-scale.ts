import type { ContainerRef } from "../state/app-state.js";

/** What a change of count does to a service whose containers are otherwise current. */
export interface ScalePlan {
  keep: (ContainerRef & { index: number })[];
  /** Instance numbers to start. */
  add: number[];
  remove: ContainerRef[];
}

/** Scaling keeps the running instances: it adds the missing numbers and removes the highest ones. */
export function planScale(running: ContainerRef[], count: number): ScalePlan {
  const numbered = running.map((c, i) => ({ ...c, index: instanceOf(c.name) ?? i + 1 }));
  numbered.sort((a, b) => a.index - b.index);
  const keep = numbered.slice(0, Math.max(0, count));
  const used = new Set(keep.map((c) => c.index));
  const add: number[] = [];
  for (let n = 1; keep.length + add.length < count; n++) if (!used.has(n)) add.push(n);
  return { keep, add, remove: numbered.slice(keep.length).map(({ index, ...c }) => (void index, c)) };
}

/** `slipway-app.worker.7.2` → 2: the instance number is the container name's last part. */
function instanceOf(name: string): number | undefined {
  const m = /\.(\d+)$/.exec(name);
  return m ? Number(m[1]) : undefined;
}
