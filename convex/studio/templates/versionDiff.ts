/**
 * What changed between two template versions: a line diff of the body (from
 * the `diff` library, the one jsdiff users know) and a field-by-field diff of
 * the variable definitions. Pure, so the editor and tests share it.
 */
import { diffLines } from "diff";
import type { TemplateVariable } from "../tables";
import { canonicalVariable } from "./details";

export type LinePart = { kind: "same" | "added" | "removed"; text: string };

export type VariableChange =
  | { kind: "added"; name: string; after: TemplateVariable }
  | { kind: "removed"; name: string; before: TemplateVariable }
  | { kind: "changed"; name: string; fields: { field: string; before: string; after: string }[] };

export type VersionDiff = {
  body: LinePart[];
  variables: VariableChange[];
  settings: { field: string; before: string; after: string }[];
  stats: { linesAdded: number; linesRemoved: number };
};

type Diffable = { body: string; variables: TemplateVariable[]; model?: string; temperature?: number; maxTokens?: number };

const show = (value: unknown) => (value === undefined ? "—" : Array.isArray(value) ? value.join(", ") : String(value));

function lines(text: string): string[] {
  const split = text.split("\n");
  if (split.length > 1 && split[split.length - 1] === "") split.pop();
  return split;
}

export function diffVersionsPure(before: Diffable, after: Diffable): VersionDiff {
  const body: LinePart[] = [];
  let linesAdded = 0;
  let linesRemoved = 0;
  // A last line without a newline is the same line once another follows it.
  for (const change of diffLines(before.body, after.body, { ignoreNewlineAtEof: true, stripTrailingCr: true })) {
    const kind = change.added ? "added" : change.removed ? "removed" : "same";
    for (const line of lines(change.value)) {
      body.push({ kind, text: line });
      if (kind === "added") linesAdded++;
      if (kind === "removed") linesRemoved++;
    }
  }

  const beforeByName = new Map(before.variables.map((variable) => [variable.name, canonicalVariable(variable)]));
  const afterByName = new Map(after.variables.map((variable) => [variable.name, canonicalVariable(variable)]));
  const variables: VariableChange[] = [];
  for (const [name, old] of beforeByName) {
    const next = afterByName.get(name);
    if (next === undefined) {
      variables.push({ kind: "removed", name, before: old });
      continue;
    }
    const oldFields = old as Record<string, unknown>;
    const nextFields = next as Record<string, unknown>;
    const fields = [...new Set([...Object.keys(oldFields), ...Object.keys(nextFields)])]
      .filter((field) => JSON.stringify(oldFields[field]) !== JSON.stringify(nextFields[field]))
      .map((field) => ({ field, before: show(oldFields[field]), after: show(nextFields[field]) }));
    if (fields.length > 0) variables.push({ kind: "changed", name, fields });
  }
  for (const [name, next] of afterByName) {
    if (!beforeByName.has(name)) variables.push({ kind: "added", name, after: next });
  }

  const settings = (["model", "temperature", "maxTokens"] as const)
    .filter((field) => before[field] !== after[field])
    .map((field) => ({ field, before: show(before[field]), after: show(after[field]) }));

  return { body, variables, settings, stats: { linesAdded, linesRemoved } };
}
