// The official Data Package profile (a copy kept in tests/fixtures/datapackage-profile) as a
// JSON Schema validator, and a whole-package check: the descriptor against the profile and every
// CSV against its table schema. Shared by the data package tests and the annual-update test.
import fs from "node:fs";
import path from "node:path";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { checkDataPackage } from "../scripts/release/tableCheck.ts";
import { FIXTURES, tmpDir } from "./helpers.ts";

export const PROFILE = JSON.parse(fs.readFileSync(path.join(FIXTURES, "datapackage-profile/datapackage.json"), "utf8"));

/** A validator of descriptors against the profile. */
export function validator() {
  // strict: false because the profile carries annotation keywords JSON Schema does not define (propertyOrder, context).
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  // An editor hint of the profile ("textarea"), not a format a value can break.
  ajv.addFormat("textarea", true);
  return ajv.compile(PROFILE);
}

/** Every problem of a package given as its files (a bundle's entries): profile errors, then table problems; empty when it validates. */
export function validatePackage(entries: Map<string, Uint8Array>): string[] {
  const dir = tmpDir("uof-package-");
  for (const [name, bytes] of entries) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), bytes);
  }
  const validate = validator();
  const descriptor = JSON.parse(fs.readFileSync(path.join(dir, "datapackage.json"), "utf8"));
  const out: string[] = [];
  if (!validate(descriptor)) for (const e of validate.errors ?? []) out.push(`datapackage.json${e.instancePath}: ${e.message}`);
  for (const p of checkDataPackage(dir)) out.push(JSON.stringify(p));
  return out;
}
