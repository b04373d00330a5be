// The helper thread of validate-thread.ts: validates the tables asked for, in order, reading
// their files itself, and sends them back as parts, then raises the signal the main thread waits on.
import { workerData } from "node:worker_threads";
import type { MessagePort } from "node:worker_threads";
import type { TableName } from "../../src/lib/schema/tables.ts";
import { diskIo } from "./io.ts";
import { readInput } from "./read.ts";
import { transferablesOf } from "./table.ts";
import type { ValidationReply, ValidationRequest } from "./validate-thread.ts";
import { identifierValues, tableResultParts, validateTableFiles, type TableResult, type ValidatedTable } from "./validate.ts";

const { port, signal, request } = workerData as { port: MessagePort; signal: Int32Array; request: ValidationRequest };
try {
  const validated: Partial<Record<TableName, TableResult>> = {};
  const ids = identifierValues();
  const done: ValidatedTable[] = [];
  for (const { table, root, files } of request.tables) {
    const v = validateTableFiles(table, files, (f) => readInput(diskIo, f, root), validated, ids, request.pending);
    validated[table] = v.result;
    done.push(v);
  }
  const reply: ValidationReply = {
    tables: done.map(({ result, problems, files, notes }) => ({ result: tableResultParts(result, validated), problems, files, notes })),
    ids: { names: ids.names.toParts(), others: ids.others.toParts() },
  };
  port.postMessage(reply, transferablesOf({ tables: reply.tables.map((t) => t.result), ids: reply.ids }));
} catch (e) {
  port.postMessage({ error: String((e as Error)?.stack ?? e) });
}
Atomics.store(signal, 0, 1);
Atomics.notify(signal, 0);
