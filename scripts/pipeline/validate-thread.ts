// Some tables validated on a helper thread while the main thread validates the others: on a
// large input, parsing and checking the CSV is most of the run, and a second core halves it.
// The result is waited for synchronously (the pipeline stays one synchronous call), and the
// tables come back as columns, moved rather than copied where they are typed arrays.
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { TableName } from "../../src/lib/schema/tables.ts";
import type { Problem } from "./problems.ts";
import type { CsvSummary } from "./parse.ts";
import { StringIndex, type StringIndexParts } from "./strings.ts";
import { HelperThread } from "./thread.ts";
import { appendIdentifierValues, tableResultFromParts, type IdentifierValues, type TableResult, type TableResultParts, type ValidatedTable } from "./validate.ts";

/** What the helper thread is asked to validate. */
export interface ValidationRequest {
  /** Tables in the order to validate them, each with its files and the folder they must stay inside. */
  tables: { table: TableName; root: string; files: string[] }[];
  /** Tables the main thread validates that these refer to: references to them are resolved on return. */
  pending: TableName[];
}

/** What the helper thread sends back: each table as parts, and the identifier values it found. */
export interface ValidationReply {
  tables: { result: TableResultParts; problems: Problem[]; files: CsvSummary[]; notes: string[] }[];
  ids: { names: StringIndexParts; others: StringIndexParts };
}

// The thread runs the TypeScript modules through tsx, registered in the thread (it may not
// inherit the loader, as under the test runner).
function bootCode(entry: string): string {
  const tsxApi = path.join(path.dirname(createRequire(import.meta.url).resolve("tsx/package.json")), "dist/esm/api/index.mjs");
  return `
const { workerData } = require("node:worker_threads");
import(${JSON.stringify(pathToFileURL(tsxApi).href)})
  .then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })
  .catch((e) => {
    workerData.port.postMessage({ error: String((e && e.stack) || e), unavailable: true });
    Atomics.store(workerData.signal, 0, 1);
    Atomics.notify(workerData.signal, 0);
  });
`;
}

/** The thread could not load the pipeline's modules (it validated nothing): validate its tables on the main thread. */
export class ThreadUnavailable extends Error {}

/** Tables being validated on a helper thread. */
export class ValidationThread {
  private constructor(private readonly thread: HelperThread) {}

  /** Starts validating the tables (the thread reads their files itself); entry: the thread's module. */
  static start(request: ValidationRequest, entry = new URL("./validate-worker.ts", import.meta.url).href): ValidationThread {
    return new ValidationThread(new HelperThread(bootCode(entry), 1, { request }));
  }

  /**
   * Waits for the tables, validated; each is added to validated as it is rebuilt (later ones
   * may refer to earlier ones), and the identifier values found are added to ids.
   */
  take(validated: Partial<Record<TableName, TableResult>>, ids: IdentifierValues): ValidatedTable[] {
    // Minutes at most even for tens of millions of rows; a thread that never answers is an error.
    this.thread.waitFor(0, 1, 1_800_000, "validation thread");
    const reply = this.thread.receive<(ValidationReply & { error?: undefined }) | { error: string; unavailable?: boolean }>();
    this.stop();
    if (reply?.error !== undefined && reply.unavailable) throw new ThreadUnavailable(`validation thread could not start: ${reply.error}`);
    if (!reply || reply.error !== undefined) throw new Error(`validation thread failed: ${reply?.error ?? "no answer"}`);
    const out = reply.tables.map(({ result, problems, files, notes }) => {
      const r = tableResultFromParts(result, validated);
      validated[r.name] = r;
      return { result: r, problems, files, notes };
    });
    appendIdentifierValues(ids, { names: StringIndex.fromParts(reply.ids.names), others: StringIndex.fromParts(reply.ids.others) });
    return out;
  }

  /** Lets the thread go (the run stops, or the tables are taken). */
  stop(): void {
    this.thread.stop();
  }
}
