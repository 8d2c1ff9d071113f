import { SlipwayError } from "../errors.js";
import type { SubnetPool } from "../state/settings-parts.js";

/** An IPv4 block as [first address, address count]; numbers, so overlap is two comparisons. */
export interface Block {
  start: number;
  size: number;
}

const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** "10.213.0.0/16" → its block; undefined for anything else (IPv6, garbage). */
export function parseCidr(text: string): Block | undefined {
  const m = CIDR.exec(text.trim());
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const bits = Number(m[5]);
  if (octets.some((o) => o > 255) || bits > 32) return undefined;
  const address = octets.reduce((acc, o) => acc * 256 + o, 0);
  const size = 2 ** (32 - bits);
  return { start: address - (address % size), size };
}

export function formatCidr(block: Block): string {
  const octets = [24, 16, 8, 0].map((shift) => Math.floor(block.start / 2 ** shift) % 256);
  return `${octets.join(".")}/${32 - Math.log2(block.size)}`;
}

/** The pool as settings give it, refused with the key to fix when it cannot work. */
export function poolBlock(pool: SubnetPool): Block {
  const block = parseCidr(pool.pool);
  const hint =
    "set networks.pool to an IPv4 range such as 10.213.0.0/16 and networks.prefixLength " +
    "to a length between its own and 29, in settings.json (docs/settings.md)";
  if (!block) {
    throw new SlipwayError("settings", `networks.pool "${pool.pool}" is not an IPv4 range`, { hint });
  }
  const bits = 32 - Math.log2(block.size);
  if (!Number.isInteger(pool.prefixLength) || pool.prefixLength < bits || pool.prefixLength > 29) {
    const message = `networks.prefixLength ${pool.prefixLength} does not fit in ${pool.pool}`;
    throw new SlipwayError("settings", message, { hint });
  }
  return block;
}

const overlaps = (a: Block, b: Block) => a.start < b.start + b.size && b.start < a.start + a.size;

/** The first subnet of the pool that overlaps none of the subnets in use; undefined when all are taken. */
export function planSubnet(pool: SubnetPool, used: string[]): string | undefined {
  const range = poolBlock(pool);
  const size = 2 ** (32 - pool.prefixLength);
  const taken = used.map(parseCidr).filter((b): b is Block => !!b && overlaps(b, range));
  taken.sort((a, b) => a.start - b.start);
  let candidate = range.start;
  for (const block of taken) {
    if (candidate + size <= block.start) break;
    // skip past the block, rounded up to our subnet size
    candidate = Math.max(candidate, Math.ceil((block.start + block.size) / size) * size);
  }
  return candidate + size <= range.start + range.size ? formatCidr({ start: candidate, size }) : undefined;
}

/**
 * The last free subnet of the pool: overlays take theirs from the top, so a bridge another
 * allocation makes at the same moment (from the bottom) cannot land on it; Docker checks bridges
 * against bridges only, and an overlapping overlay fails later, when its first task starts.
 */
export function planSubnetFromTop(pool: SubnetPool, used: string[]): string | undefined {
  const range = poolBlock(pool);
  const size = 2 ** (32 - pool.prefixLength);
  const taken = used.map(parseCidr).filter((b): b is Block => !!b && overlaps(b, range));
  for (let start = range.start + range.size - size; start >= range.start; start -= size)
    if (!taken.some((b) => overlaps(b, { start, size }))) return formatCidr({ start, size });
  return undefined;
}

/** How many deployment networks the pool holds, for the error that says it is full. */
export function poolCapacity(pool: SubnetPool): number {
  return poolBlock(pool).size / 2 ** (32 - pool.prefixLength);
}
