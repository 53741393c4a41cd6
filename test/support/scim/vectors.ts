// Loads the scimmy test vectors shared beside the repo (../shared/scim-vectors). Test-only.
import fs from "node:fs";
import path from "node:path";

export const VECTOR_DIR = path.resolve(import.meta.dirname, "../../../../shared/scim-vectors");

export function loadVectors<T>(file: string): T {
  return JSON.parse(fs.readFileSync(path.join(VECTOR_DIR, file), "utf8")) as T;
}
