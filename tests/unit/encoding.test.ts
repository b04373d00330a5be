// The encodings the kit reads: UTF-8 as is, UTF-16 by its byte-order mark, other bytes as
// Windows-1252 with a note; a file that is not one text in one encoding is refused at its line.
import { describe, expect, it } from "vitest";
import { decodeText, utf8Scan, type Decoded, type Undecodable } from "../../scripts/pipeline/encoding.ts";

const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "latin1") : Buffer.from(p))));
const decoded = (d: Decoded | Undecodable) => {
  if ("expected" in d) throw new Error(`not decoded: ${d.expected}`);
  return d;
};
const refused = (d: Decoded | Undecodable) => {
  if (!("expected" in d)) throw new Error(`decoded as ${d.encoding}`);
  return d;
};

describe("decodeText(bytes, file)", () => {
  it("reads ASCII and UTF-8 (with or without a byte-order mark) as they are, with no note", () => {
    expect(decoded(decodeText(bytes("a,b\n1,2\n"), "x.csv"))).toEqual({ text: "a,b\n1,2\n", encoding: "ASCII", note: null });
    expect(decoded(decodeText(Buffer.from("a\ncafé\n", "utf8"), "x.csv"))).toEqual({ text: "a\ncafé\n", encoding: "UTF-8", note: null });
    expect(decoded(decodeText(Buffer.from("\uFEFFa\né\n", "utf8"), "x.csv")).text).toBe("\uFEFFa\né\n");
  });

  it("reads a Windows-1252 file without a byte-order mark as Windows-1252, saying so with the count and first line of characters outside ASCII", () => {
    // "é" (E9), "’" (92, a curly apostrophe only Windows-1252 has) and "€" (80).
    const d = decoded(decodeText(bytes("id,summary\n1,plain\n2,caf", [0xe9], " and the officer", [0x92], "s car ", [0x80], "\n"), "data/incidents/2024.csv"));
    expect(d.encoding).toBe("Windows-1252");
    expect(d.text).toBe("id,summary\n1,plain\n2,café and the officer’s car €\n");
    expect(d.note).toBe("data/incidents/2024.csv is not UTF-8; read as Windows-1252 (3 characters outside ASCII, first at line 3)");
  });

  it("reads Latin-1 text (a district name of config.json) as Windows-1252, which agrees with it on letters", () => {
    const d = decoded(decodeText(bytes('{ "name": "Montr', [0xe9], 'al" }'), "config.json"));
    expect(JSON.parse(d.text)).toEqual({ name: "Montréal" });
    expect(d.note).toMatch(/^config\.json is not UTF-8; read as Windows-1252 \(1 character outside ASCII, first at line 1\)$/);
  });

  it("reads UTF-16 by its byte-order mark, little- and big-endian, saying so", () => {
    const le = decoded(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("a,b\né,2\n", "utf16le")]), "s.csv"));
    expect(le).toEqual({ text: "a,b\né,2\n", encoding: "UTF-16LE", note: "s.csv is not UTF-8; read as UTF-16LE, as its byte-order mark says" });
    const be = Buffer.from("a,b\né,2\n", "utf16le").swap16();
    expect(decoded(decodeText(Buffer.concat([Buffer.from([0xfe, 0xff]), be]), "s.csv")).text).toBe("a,b\né,2\n");
  });

  it("refuses UTF-16 whose bytes break off (an odd byte at the end) at its line", () => {
    const d = refused(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("a\nb\n", "utf16le"), Buffer.from([0x41])]), "s.csv"));
    expect(d.line).toBe(3);
    expect(d.expected).toMatch(/UTF-16LE throughout/);
  });

  it("refuses a UTF-8 byte-order mark over bytes that are not UTF-8, naming the line", () => {
    const d = refused(decodeText(bytes([0xef, 0xbb, 0xbf], "a\nb\ncaf", [0xe9], "\n"), "x.csv"));
    expect(d).toMatchObject({ line: 3, expected: "UTF-8 throughout, as the file's byte-order mark says; line 3 has bytes that are not UTF-8" });
    expect(d.fix).toMatch(/save the file again as UTF-8/);
  });

  it("refuses UTF-8 mixed with another encoding in one file, naming both lines", () => {
    const d = refused(decodeText(Buffer.concat([Buffer.from("a\ncafé\n", "utf8"), bytes("x\ncaf", [0xe9], "\n")]), "x.csv"));
    expect(d.line).toBe(4);
    expect(d.expected).toBe("text in one encoding; line 2 is written in UTF-8 but line 4 is not (two encodings mixed in one file)");
  });
});

describe("utf8Scan(bytes)", () => {
  it("finds the first byte that is not UTF-8 and the first valid multi-byte character", () => {
    expect(utf8Scan(Buffer.from("abc"))).toEqual({ invalid: -1, multibyte: -1 });
    expect(utf8Scan(Buffer.from("aé€😀", "utf8"))).toEqual({ invalid: -1, multibyte: 1 });
    // Overlong forms, surrogates and lone continuation bytes are not UTF-8.
    for (const bad of [[0xc0, 0xaf], [0xed, 0xa0, 0x80], [0x80], [0xf5, 0x80, 0x80, 0x80], [0xe2, 0x82]]) {
      expect(utf8Scan(Buffer.from([0x61, ...bad])).invalid, bad.join(" ")).toBe(1);
    }
  });
});
