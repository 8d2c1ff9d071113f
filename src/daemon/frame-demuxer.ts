/**
 * Incremental reader of the engine's multiplexed log stream (8-byte header: stream, 0,0,0,
 * size; then size bytes). Chunks may split headers and payloads anywhere.
 */
export function createFrameDemuxer(onPayload: (payload: Buffer) => void): (chunk: Buffer) => void {
  let pending: Buffer = Buffer.alloc(0);
  return (chunk) => {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    let at = 0;
    while (at + 8 <= pending.length) {
      const size = pending.readUInt32BE(at + 4);
      if (at + 8 + size > pending.length) break;
      onPayload(pending.subarray(at + 8, at + 8 + size));
      at += 8 + size;
    }
    pending = pending.subarray(at);
  };
}
