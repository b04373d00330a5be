// `npm run mapping:schema`: writes the mapping file's JSON Schema (src/lib/schema/mapping.schema.json)
// from the zod schema, so editors complete and check mapping.json as it is typed.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { mappingJsonSchema } from "../src/lib/schema/mapping.ts";

export const MAPPING_SCHEMA_FILE = path.resolve(import.meta.dirname, "..", "src", "lib", "schema", "mapping.schema.json");

/** The file's text: pretty JSON with a trailing newline, the same for the same schema. */
export function mappingSchemaText(): string {
  return JSON.stringify(mappingJsonSchema(), null, 2) + "\n";
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const text = mappingSchemaText();
  const old = fs.existsSync(MAPPING_SCHEMA_FILE) ? fs.readFileSync(MAPPING_SCHEMA_FILE, "utf8") : null;
  if (old === text) console.log(`${path.relative(process.cwd(), MAPPING_SCHEMA_FILE)} is up to date.`);
  else {
    fs.writeFileSync(MAPPING_SCHEMA_FILE, text);
    console.log(`Wrote ${path.relative(process.cwd(), MAPPING_SCHEMA_FILE)}.`);
  }
}
