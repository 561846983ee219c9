// The bytes every transfer moves: one deterministic 1 MiB block, repeated. The server generates downloads from it and
// the bench writes its input files with it, so a downloaded file can be checked byte for byte without a second copy.
import { createReadStream, createWriteStream } from "node:fs";
import { pipeline } from "node:stream/promises";

export const MIB = 1024 * 1024;

/** The 1 MiB block: xorshift32 output, the same in every process. */
export function payloadBlock(): Buffer {
  const block = Buffer.allocUnsafe(MIB);
  let state = 0x9e3779b9;
  for (let offset = 0; offset < MIB; offset += 4) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    block.writeUInt32LE(state >>> 0, offset);
  }
  return block;
}

/** `size` bytes of the repeated block, as consecutive views of it (never copied). */
export function* payloadChunks(size: number, block = payloadBlock()): Generator<Buffer> {
  for (let sent = 0; sent < size; sent += block.length) {
    yield block.subarray(0, Math.min(block.length, size - sent));
  }
}

/** Writes `size` payload bytes to `path`. */
export async function writePayloadFile(path: string, size: number): Promise<void> {
  await pipeline(payloadChunks(size), createWriteStream(path));
}

/** True when the file at `path` holds exactly `size` payload bytes. */
export async function isPayloadFile(path: string, size: number): Promise<boolean> {
  const block = payloadBlock();
  let offset = 0;
  // Reads aligned to the block, so each chunk compares with one slice of it.
  for await (const chunk of createReadStream(path, { highWaterMark: MIB })) {
    const bytes = chunk as Buffer;
    const start = offset % MIB;
    if (start + bytes.length > MIB || !bytes.equals(block.subarray(start, start + bytes.length))) {
      return false;
    }
    offset += bytes.length;
  }
  return offset === size;
}
