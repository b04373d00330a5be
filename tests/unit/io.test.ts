// replaceFolder writes large files on a helper thread: the bytes must be those given (chunks may
// be buffers reused by their maker), and a failure must leave the previous folder as it was.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { diskIo } from "../../scripts/pipeline/io.ts";
import { outputLeftovers, readTree, tmpDir } from "../helpers.ts";

/** Chunks made in one buffer, overwritten once the next chunk is asked for. */
function* reused(parts: string[]): Generator<Uint8Array> {
  const buf = Buffer.alloc(64);
  for (const p of parts) {
    const n = buf.write(p);
    yield buf.subarray(0, n);
    buf.fill(0x21);
  }
}

describe("diskIo.replaceFolder", () => {
  it("writes every file byte for byte, chunks and text alike", () => {
    const dir = path.join(tmpDir(), "out");
    const parts = ["héllo, ", "world", "\n", "x".repeat(40)];
    const r = diskIo.replaceFolder(dir, [
      ["a/big.csv", reused(parts)],
      ["a/text.json", "{}\n"],
      ["b/mixed.txt", ["one ", Buffer.from("two ")]],
    ]);
    expect(r.files).toBe(3);
    expect(fs.readFileSync(path.join(dir, "a/big.csv"), "utf8")).toBe(parts.join(""));
    expect(fs.readFileSync(path.join(dir, "a/text.json"), "utf8")).toBe("{}\n");
    expect(fs.readFileSync(path.join(dir, "b/mixed.txt"), "utf8")).toBe("one two ");
    expect(r.bytes).toBe(Buffer.byteLength(parts.join("")) + 3 + 8);
  });

  it("leaves the previous folder as it was, and no leftovers, when making or writing a file fails", () => {
    const parent = tmpDir();
    const dir = path.join(parent, "out");
    diskIo.replaceFolder(dir, [["keep.txt", "previous"]]);
    const before = readTree(dir);
    function* failing(): Generator<Uint8Array> {
      yield Buffer.from("partial");
      throw new Error("made badly");
    }
    expect(() => diskIo.replaceFolder(dir, [["x.csv", failing()]])).toThrow("made badly");
    // A chunked file where a folder is: the write fails on the writer's thread.
    expect(() => diskIo.replaceFolder(dir, [["d/inner.txt", "x"], ["d", reused(["a", "b"])], ["later.csv", reused(["c"])]])).toThrow(/EISDIR|illegal operation/);
    expect(readTree(dir)).toEqual(before);
    expect(outputLeftovers(dir)).toEqual([]);
    expect(fs.readdirSync(parent).sort()).toEqual([".out.builds", "out"]);
  });
});
