/**
 * The Studio's template language: `{{name}}`, `{{cond ? 'a' : b}}` and
 * `{{#if cond}}…{{else if cond}}…{{else}}…{{/if}}` over typed, declared
 * variables. Parsed into a tree and interpreted; never evaluated as code.
 */
import { parseTemplate } from "./syntax";
import type { TemplateProblem } from "./problems";
import type { VariableDefinition } from "./variables";

export { capProblems, describeGiven, formatProblems, MAX_PROBLEMS } from "./problems";
export type { ProblemKind, RenderProblem, Severity, TemplateProblem } from "./problems";
export {
  booleanVariableValidator,
  coerceValue,
  dropdownVariableValidator,
  KEYWORDS,
  MAX_HELP_TEXT,
  MAX_NAME_LENGTH,
  MAX_OPTION_LENGTH,
  MAX_OPTIONS,
  MAX_TEXT_LENGTH,
  MAX_VARIABLES,
  numberVariableValidator,
  RESERVED_NAMES,
  sampleValues,
  textVariableValidator,
  validateVariableDefinitions,
  VARIABLE_TYPES,
  variableDefinitionValidator,
  variableNameProblem,
} from "./variables";
export type {
  BooleanVariable,
  Coerced,
  DefinitionReport,
  DropdownVariable,
  NumberVariable,
  TextVariable,
  VariableDefinition,
  VariableType,
  VariableValue,
  VariableValues,
} from "./variables";
export {
  extractVariableNames,
  MAX_BLOCK_DEPTH,
  MAX_EXPRESSION_DEPTH,
  MAX_TEMPLATE_CHARS,
  parseTemplate,
  placeholderSpans,
} from "./syntax";
export type { Branch, CompareOp, Expr, Literal, ParsedTemplate, ParseResult, PlaceholderSpan, SpanKind, TemplateNode } from "./syntax";
export { escapeHtml, MAX_OUTPUT_CHARS, renderSegments, renderTemplate, renderTemplateSource, resolveValues } from "./render";
export type { RenderOptions, RenderResult, RenderSegment, RenderSegmentsResult, Resolution } from "./render";

/** The save-time check: every error that refuses a body and its variables (warnings left out). */
export function checkTemplateSource(body: string, variables: readonly VariableDefinition[]): TemplateProblem[] {
  return parseTemplate(body, variables).errors;
}
