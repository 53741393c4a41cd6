// A common form for comparing our filter AST with scimmy's object representation. Test-only.
//
// scimmy parses a filter into disjunctive normal form: an array of "or" branches, each an object
// keyed by attribute path whose leaves are comparisons (["eq", "x"], ["not", "pr"], or a list of
// them). Our AST is converted to the same DNF (De Morgan for `not`), then both sides become a
// sorted list of canonical JSON strings with lower-cased keys, so only meaning is compared:
// branch order, key order and attribute-name case are not.
//
// Two conventions of scimmy's form are mirrored deliberately, because they are lossy in scimmy
// itself: conditions on the same attribute merge into one object whether or not they were inside
// one `[...]`, and `attr[f] op v` is written [f, [op, v]], which we read as `attr[f and value op v]`
// (`pr` adding nothing). A `not` over a value path has no DNF form; fromAst throws Unrepresentable.

import type { FilterNode } from "@/lib/scim/filter";

type Test = (string | number | boolean | null)[];
interface Atom {
  path: string[];
  test: Test;
}
interface Tree {
  [key: string]: Tree | Test[];
}

export class Unrepresentable extends Error {}

function segments(path: { uri?: string; attr: string; sub?: string }): string[] {
  const head = path.uri ? `${path.uri}:${path.attr}` : path.attr;
  return path.sub ? [head, path.sub] : [head];
}

function cross(left: Atom[][], right: Atom[][]): Atom[][] {
  return left.flatMap((l) => right.map((r) => [...l, ...r]));
}

function dnf(node: FilterNode, negated: boolean): Atom[][] {
  switch (node.kind) {
    case "compare": {
      const test: Test = [node.op, node.value];
      return [[{ path: segments(node.path), test: negated ? ["not", ...test] : test }]];
    }
    case "present":
      return [[{ path: segments(node.path), test: negated ? ["not", "pr"] : ["pr"] }]];
    case "not":
      return dnf(node.filter, !negated);
    case "and":
    case "or": {
      const parts = node.filters.map((f) => dnf(f, negated));
      const conjunctive = (node.kind === "and") !== negated;
      return conjunctive ? parts.reduce(cross) : parts.flat();
    }
    case "valuePath": {
      if (negated) throw new Unrepresentable("not over a value path");
      const prefix = segments(node.path);
      return dnf(node.filter, false).map((conj) => conj.map((a) => ({ ...a, path: [...prefix, ...a.path] })));
    }
  }
}

function normaliseTest(test: readonly unknown[]): Test {
  const out = [...test] as Test;
  if (typeof out[0] === "string" && out[0].toLowerCase() === "not") out[0] = "not";
  const opIndex = out[0] === "not" ? 1 : 0;
  if (typeof out[opIndex] === "string") out[opIndex] = (out[opIndex] as string).toLowerCase();
  return out;
}

function insert(tree: Tree, path: string[], test: Test): void {
  let node = tree;
  for (const seg of path) {
    const key = seg.toLowerCase();
    const next = node[key];
    node = (next && !Array.isArray(next) ? next : (node[key] = {})) as Tree;
  }
  const leaf = (node["#"] ??= []) as Test[];
  leaf.push(normaliseTest(test));
}

function canonical(tree: Tree): string {
  const keys = Object.keys(tree).sort();
  return `{${keys
    .map((k) => {
      const v = tree[k]!;
      const body = Array.isArray(v) ? `[${v.map((t) => JSON.stringify(t)).sort().join(",")}]` : canonical(v);
      return `${JSON.stringify(k)}:${body}`;
    })
    .join(",")}}`;
}

export function fromAst(node: FilterNode): string[] {
  return dnf(node, false)
    .map((conj) => {
      const tree: Tree = {};
      for (const atom of conj) insert(tree, atom.path, atom.test);
      return canonical(tree);
    })
    .sort();
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function walkScimmy(tree: Tree, prefix: string[], expr: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(expr)) {
    const path = [...prefix, key];
    if (isPlainObject(value)) {
      walkScimmy(tree, path, value);
    } else if (Array.isArray(value) && value.some(isPlainObject)) {
      for (const part of value) {
        if (isPlainObject(part)) walkScimmy(tree, path, part);
        else if (Array.isArray(part) && !(part.length === 1 && String(part[0]).toLowerCase() === "pr")) {
          insert(tree, [...path, "value"], part as Test);
        }
      }
    } else if (Array.isArray(value) && value.every(Array.isArray)) {
      for (const test of value) insert(tree, path, test as Test);
    } else if (Array.isArray(value)) {
      insert(tree, path, value as Test);
    }
  }
}

// Accepts a SCIMMY.Types.Filter (an array of branch objects) or a plain branch object.
export function fromScimmy(filter: unknown): string[] {
  const plain = JSON.parse(JSON.stringify(filter)) as unknown;
  const branches = Array.isArray(plain) ? plain : [plain];
  return branches
    .map((branch) => {
      const tree: Tree = {};
      walkScimmy(tree, [], branch as Record<string, unknown>);
      return canonical(tree);
    })
    .sort();
}
