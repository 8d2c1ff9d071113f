import { SlipwayError } from "../errors.js";

/** Followed log streams one token may hold open at once: each holds sockets to the engine. */
export const MAX_FOLLOWS_PER_TOKEN = 8;

const open = new Map<string, number>();

/** Count one more open follow for the token, or a 429 at the limit; the returned release is idempotent. */
export function holdFollow(caller: string, limit = MAX_FOLLOWS_PER_TOKEN): () => void {
  const held = open.get(caller) ?? 0;
  if (held >= limit) {
    const what = `token ${caller} already follows ${held} log streams, the most one token may hold open`;
    throw new SlipwayError("too-many-follows", what, {
      hint: "close another logs?follow=1 request first, or ask without follow=1",
    });
  }
  open.set(caller, held + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const left = (open.get(caller) ?? 1) - 1;
    if (left > 0) open.set(caller, left);
    else open.delete(caller);
  };
}
