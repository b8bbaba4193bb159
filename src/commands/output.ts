/** stdout for results; stderr for warnings and errors, so `--json` stays one clean document. */
export function print(text: string): void {
  process.stdout.write(text);
}

export function printJson(doc: unknown): void {
  process.stdout.write(JSON.stringify(doc, null, 2) + '\n');
}

export function warn(text: string): void {
  process.stderr.write(`warning: ${text}\n`);
}
