// Run locks: one holder per output, a waiting run told who holds it, dead holders taken over.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { acquire, holderAlive, lockPathOf, LockTimeout, type LockHolder } from "../../scripts/lock.ts";
import { tmpDir } from "../helpers.ts";

describe("acquire(targets)", () => {
  it("writes .<name>.lock beside the output, naming this process, and removes it on release", async () => {
    const out = path.join(tmpDir(), "generated");
    const lock = await acquire([out], { command: "data --data x" });
    const file = lockPathOf(out);
    expect(path.basename(file)).toBe(".generated.lock");
    const h = JSON.parse(fs.readFileSync(file, "utf8")) as LockHolder;
    expect(h.pid).toBe(process.pid);
    expect(h.command).toBe("data --data x");
    lock.release();
    expect(fs.existsSync(file)).toBe(false);
  });

  it("makes a second run wait, telling it who holds the lock, until the first releases", async () => {
    const out = path.join(tmpDir(), "dist");
    const first = await acquire([out], { command: "build --data a" });
    const told: LockHolder[] = [];
    const second = acquire([out], { command: "build --data b", onWait: (h) => told.push(h) });
    await new Promise((r) => setTimeout(r, 600));
    expect(told.map((h) => h.command)).toEqual(["build --data a"]);
    first.release();
    const got = await second;
    expect(JSON.parse(fs.readFileSync(lockPathOf(out), "utf8")).command).toBe("build --data b");
    got.release();
  });

  it("gives up after its timeout with LockTimeout naming the holder", async () => {
    const out = path.join(tmpDir(), "generated");
    const first = await acquire([out], { command: "data --data a" });
    await expect(acquire([out], { command: "data --data b", timeoutMs: 300 })).rejects.toThrow(LockTimeout);
    await expect(acquire([out], { command: "data --data b", timeoutMs: 300 })).rejects.toThrow(`held by process ${process.pid} (data --data a`);
    first.release();
  });

  it("takes over a lock whose process is gone (killed), and one that cannot be read", async () => {
    const out = path.join(tmpDir(), "generated");
    const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
    const h: LockHolder = { pid: Number(dead.stdout), start: null, command: "build --data gone", since: new Date().toISOString(), token: "old" };
    expect(holderAlive(h)).toBe(false);
    fs.writeFileSync(lockPathOf(out), JSON.stringify(h));
    const a = await acquire([out], { command: "data", timeoutMs: 2000 });
    a.release();
    fs.writeFileSync(lockPathOf(out), "{ half");
    const b = await acquire([out], { command: "data", timeoutMs: 2000 });
    b.release();
    expect(fs.readdirSync(path.dirname(out)).filter((n) => n.includes("lock"))).toEqual([]);
  });

  it("lets a child process hold its parent's lock through the token", async () => {
    const out = path.join(tmpDir(), "generated");
    const parent = await acquire([out], { command: "build" });
    const child = await acquire([out], { command: "data", inherited: parent.token, timeoutMs: 300 });
    child.release();
    // The child's release leaves the parent's lock.
    expect(fs.existsSync(lockPathOf(out))).toBe(true);
    parent.release();
  });

  it("counts a pid reused by another process as gone", () => {
    const h: LockHolder = { pid: process.pid, start: "1", command: "x", since: "", token: "t" };
    expect(holderAlive(h)).toBe(!fs.existsSync(`/proc/${process.pid}/stat`));
  });
});
