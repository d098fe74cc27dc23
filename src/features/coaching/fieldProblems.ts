/**
 * A captured field's problem as the UI words it. The backend sends a typed
 * problem `{ kind, message }` (issue #14); older backends sent a sentence,
 * where "not yet provided" meant missing. Both are accepted here so the
 * panel never shows protocol strings.
 */
export type ProblemKind = "missing" | "invalid" | "vague" | "past_date";
export type FieldProblem = { kind: ProblemKind; message?: string };

const KINDS: readonly ProblemKind[] = ["missing", "invalid", "vague", "past_date"];

export function normaliseProblem(problem: unknown): FieldProblem | null {
  if (problem === undefined || problem === null || problem === "") return null;
  if (typeof problem === "string") {
    return problem === "not yet provided" ? { kind: "missing" } : { kind: "invalid", message: problem };
  }
  if (typeof problem === "object") {
    const { kind, message } = problem as { kind?: unknown; message?: unknown };
    const known = KINDS.find((k) => k === kind);
    return { kind: known ?? "invalid", ...(typeof message === "string" && message !== "" ? { message } : {}) };
  }
  return null;
}

/** The words shown beside a field. Messages for "invalid" come from the validator and are specific. */
export function problemLabel(problem: FieldProblem): string {
  switch (problem.kind) {
    case "missing":
      return "Not answered yet";
    case "vague":
      return "Needs a clearer answer";
    case "past_date":
      return "Date is in the past";
    case "invalid":
      return problem.message ?? "Doesn't look right yet";
  }
}
