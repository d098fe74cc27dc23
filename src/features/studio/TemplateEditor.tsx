import { useMutation } from "convex/react";
import { useMemo, useState } from "react";
import { api } from "../../../convex/_generated/api";
import type { Doc } from "../../../convex/_generated/dataModel";
import { parseTemplate, type VariableDefinition } from "../../../convex/studio/templating";
import { navigate } from "../../lib/router";
import { BodyEditor } from "./BodyEditor";
import { PURPOSES, TIERS, splitList, toDefinition, toDraft, type Purpose, type Tier, type VariableDraft } from "./model";
import { PreviewPane } from "./PreviewPane";
import { StudioError, useStudioCall } from "./StudioError";
import { VariablesEditor } from "./VariablesEditor";

type Template = Doc<"promptTemplates">;
type Version = Doc<"promptTemplateVersions">;

type Details = {
  name: string;
  description: string;
  tier: Tier;
  purpose: Purpose;
  personas: string;
  emotions: string;
  styleNotes: string;
  exampleConversation: string;
  qualityThreshold: string;
};

type Settings = { model: string; temperature: string; maxTokens: string };

const NEW_BODY = "";

function detailsOf(template: Template | null): Details {
  return {
    name: template?.name ?? "",
    description: template?.description ?? "",
    tier: template?.tier ?? "template",
    purpose: template?.purpose ?? "generation",
    personas: template?.personas.join(", ") ?? "",
    emotions: template?.emotions.join(", ") ?? "",
    styleNotes: template?.styleNotes ?? "",
    exampleConversation: template?.exampleConversation ?? "",
    qualityThreshold: String(template?.qualityThreshold ?? 7),
  };
}

function settingsOf(version: Version | null): Settings {
  return {
    model: version?.model ?? "",
    temperature: version?.temperature === undefined ? "" : String(version.temperature),
    maxTokens: version?.maxTokens === undefined ? "" : String(version.maxTokens),
  };
}

function numberOrUndefined(raw: string): number | undefined | null {
  if (raw.trim() === "") return undefined;
  const n = Number(raw.trim());
  return Number.isFinite(n) ? n : null;
}

/**
 * Creating a template, or editing one: its details, typed variables, the
 * body with inline syntax marks, a live preview, and "Save as new version".
 * Versions are immutable, so saving never changes what is live.
 */
export function TemplateEditor({
  template,
  latest,
  canEdit,
  liveVersion = null,
}: {
  liveVersion?: number | null;
  template: Template | null;
  /** The newest version, whose content the editor starts from. */
  latest: Version | null;
  canEdit: boolean;
}) {
  const isNew = template === null;
  const readOnly = !canEdit || (template?.archived ?? false);
  const [details, setDetails] = useState<Details>(() => detailsOf(template));
  const [drafts, setDrafts] = useState<VariableDraft[]>(() => (latest?.variables ?? []).map(toDraft));
  const [body, setBody] = useState(latest?.body ?? NEW_BODY);
  const [settings, setSettings] = useState<Settings>(() => settingsOf(latest));
  const [note, setNote] = useState("");
  const [saved, setSaved] = useState<string | null>(null);

  const converted = useMemo(() => drafts.map(toDefinition), [drafts]);
  const definitions = useMemo<VariableDefinition[]>(() => converted.map((c) => c.definition), [converted]);
  const draftProblemCount = converted.reduce((n, c) => n + c.problems.length, 0);
  const parsed = useMemo(() => parseTemplate(body, definitions), [body, definitions]);
  const bodyErrors = useMemo(() => parsed.errors.filter((p) => p.kind !== "definition"), [parsed]);
  const definitionErrors = useMemo(() => parsed.errors.filter((p) => p.kind === "definition"), [parsed]);

  const temperature = numberOrUndefined(settings.temperature);
  const maxTokens = numberOrUndefined(settings.maxTokens);
  const threshold = numberOrUndefined(details.qualityThreshold);

  const createTemplate = useMutation(api.studio.templates.manage.createTemplate);
  const updateDetails = useMutation(api.studio.templates.manage.updateTemplateDetails);
  const saveVersion = useMutation(api.studio.templates.manage.saveVersion);

  const detailArgs = () => ({
    name: details.name,
    description: details.description,
    tier: details.tier,
    purpose: details.purpose,
    personas: splitList(details.personas),
    emotions: splitList(details.emotions),
    styleNotes: details.styleNotes,
    exampleConversation: details.exampleConversation,
    qualityThreshold: threshold ?? 0,
  });
  const contentArgs = () => ({
    body,
    variables: definitions,
    ...(settings.model.trim() ? { model: settings.model.trim() } : {}),
    ...(typeof temperature === "number" ? { temperature } : {}),
    ...(typeof maxTokens === "number" ? { maxTokens } : {}),
    ...(note.trim() ? { note: note.trim() } : {}),
  });

  const save = useStudioCall(async () => {
    setSaved(null);
    if (template === null) {
      const created = await createTemplate({ ...detailArgs(), ...contentArgs() });
      navigate(`/studio/templates/${created.templateId}`);
      return;
    }
    const current = detailsOf(template);
    if (JSON.stringify(current) !== JSON.stringify(details)) await updateDetails({ templateId: template._id, ...detailArgs() });
    const result = await saveVersion({ templateId: template._id, ...contentArgs() });
    setNote("");
    setSaved(
      result.unchanged
        ? `Body, variables and settings are unchanged, so no new version was made (still version ${result.version}).`
        : `Saved as version ${result.version}. It goes live only when you activate it in History.`,
    );
  });

  const reasons: string[] = [];
  if (!canEdit) reasons.push("Your role can view templates but not change them.");
  else if (template?.archived) reasons.push("This template is archived. Restore it before saving a new version.");
  else {
    if (details.name.trim() === "") reasons.push("Give the template a name.");
    if (threshold === null || threshold === undefined || threshold < 0 || threshold > 10) reasons.push("The quality threshold is a number from 0 to 10.");
    if (body.trim() === "") reasons.push("Write the template body.");
    if (parsed.errors.length > 0) reasons.push(`Fix the ${parsed.errors.length === 1 ? "problem" : `${parsed.errors.length} problems`} in the template first.`);
    if (draftProblemCount > 0) reasons.push("Fix the variable fields marked in red.");
    if (temperature === null || maxTokens === null) reasons.push("Temperature and max tokens must be numbers.");
  }
  const blocked = reasons.length > 0;
  const savedContent = latest ? JSON.stringify([latest.body, latest.variables, latest.model ?? "", latest.temperature ?? "", latest.maxTokens ?? ""]) : null;
  const currentContent = JSON.stringify([body, definitions, settings.model.trim(), temperature ?? "", maxTokens ?? ""]);
  const dirty = template !== null && (savedContent !== currentContent || JSON.stringify(detailsOf(template)) !== JSON.stringify(details));

  const setDetail = <K extends keyof Details>(key: K, value: Details[K]) => {
    setDetails((d) => ({ ...d, [key]: value }));
    setSaved(null);
  };
  const fieldError = (field: string) =>
    save.field === field && save.error ? (
      <span className="field-error" id={`tpl-${field}-error`}>
        {save.error.message}
      </span>
    ) : null;
  const describedBy = (field: string) => (save.field === field && save.error ? `tpl-${field}-error` : undefined);

  return (
    <form
      className="template-editor"
      aria-label={isNew ? "New template" : `Edit ${template.name}`}
      onSubmit={(e) => {
        e.preventDefault();
        if (!blocked) void save.run();
      }}
    >
      {readOnly && !canEdit ? (
        <p className="notice read-only-notice" role="note">
          Your role can view templates but not change them.
        </p>
      ) : null}
      <section className="card editor-section" aria-labelledby="details-title">
        <h2 id="details-title">Details</h2>
        <fieldset className="details-grid" disabled={readOnly}>
          <legend className="visually-hidden">Template details</legend>
          <div className="field-cell span-2">
            <label htmlFor="tpl-name">Name</label>
            <input id="tpl-name" value={details.name} onChange={(e) => setDetail("name", e.target.value)} maxLength={80} aria-describedby={describedBy("name")} aria-invalid={save.field === "name" ? true : undefined} />
            {fieldError("name")}
          </div>
          <div className="field-cell">
            <label htmlFor="tpl-tier">Tier</label>
            <select id="tpl-tier" value={details.tier} onChange={(e) => setDetail("tier", e.target.value as Tier)}>
              {TIERS.map((t) => (
                <option key={t.value} value={t.value}>
                  {t.label}
                </option>
              ))}
            </select>
          </div>
          <div className="field-cell">
            <label htmlFor="tpl-purpose">Purpose</label>
            <select id="tpl-purpose" value={details.purpose} onChange={(e) => setDetail("purpose", e.target.value as Purpose)}>
              {PURPOSES.map((p) => (
                <option key={p.value} value={p.value}>
                  {p.label}
                </option>
              ))}
            </select>
          </div>
          <div className="field-cell span-3">
            <label htmlFor="tpl-description">Description</label>
            <textarea id="tpl-description" rows={2} value={details.description} onChange={(e) => setDetail("description", e.target.value)} aria-describedby={describedBy("description")} />
            {fieldError("description")}
          </div>
          <div className="field-cell">
            <label htmlFor="tpl-threshold">Quality threshold (0–10)</label>
            <input id="tpl-threshold" type="number" min={0} max={10} step={0.5} value={details.qualityThreshold} onChange={(e) => setDetail("qualityThreshold", e.target.value)} aria-describedby={describedBy("qualityThreshold")} />
            {fieldError("qualityThreshold")}
          </div>
          <div className="field-cell span-2">
            <label htmlFor="tpl-personas">Personas</label>
            <input id="tpl-personas" value={details.personas} onChange={(e) => setDetail("personas", e.target.value)} aria-describedby="tpl-personas-hint" />
            <p className="hint" id="tpl-personas-hint">
              Comma-separated, e.g. first-time manager, startup founder
            </p>
            {fieldError("personas")}
          </div>
          <div className="field-cell span-2">
            <label htmlFor="tpl-emotions">Emotions</label>
            <input id="tpl-emotions" value={details.emotions} onChange={(e) => setDetail("emotions", e.target.value)} aria-describedby="tpl-emotions-hint" />
            <p className="hint" id="tpl-emotions-hint">
              Comma-separated, e.g. anxious, hopeful
            </p>
            {fieldError("emotions")}
          </div>
          <div className="field-cell span-2">
            <label htmlFor="tpl-style">Style notes</label>
            <textarea id="tpl-style" rows={2} value={details.styleNotes} onChange={(e) => setDetail("styleNotes", e.target.value)} />
            {fieldError("styleNotes")}
          </div>
          <div className="field-cell span-2">
            <label htmlFor="tpl-example">Example conversation</label>
            <textarea id="tpl-example" rows={2} value={details.exampleConversation} onChange={(e) => setDetail("exampleConversation", e.target.value)} />
            {fieldError("exampleConversation")}
          </div>
        </fieldset>
      </section>

      {latest ? (
        <p className="hint editor-origin">
          {readOnly ? "Showing" : "Editing from"} version {latest.version}, the latest.{" "}
          {liveVersion === null ? "No version is live." : liveVersion === latest.version ? "It is the live version." : `Version ${liveVersion} is live.`}
        </p>
      ) : null}
      <div className="editor-panes">
        <div className="editor-main">
          <section className="card editor-section" aria-labelledby="body-title">
            <div className="section-head">
              <h2 id="body-title">
                <label htmlFor="tpl-body">Body</label>
              </h2>
              <span className="hint" id="tpl-body-syntax">
                {"{{name}}"} · {"{{cond ? 'a' : 'b'}}"} · {"{{#if cond}}…{{else}}…{{/if}}"}
              </span>
            </div>
            <BodyEditor
              id="tpl-body"
              value={body}
              onChange={(next) => (setBody(next), setSaved(null))}
              errors={bodyErrors}
              warnings={parsed.warnings.filter((w) => w.kind === "unused")}
              readOnly={readOnly}
              describedBy="tpl-body-syntax"
            />
            {fieldError("body")}
            <details className="model-settings">
              <summary>Model settings (optional)</summary>
              <fieldset className="settings-grid" disabled={readOnly}>
                <legend className="visually-hidden">Model settings</legend>
                <div>
                  <label htmlFor="tpl-model">Model</label>
                  <input id="tpl-model" value={settings.model} placeholder="Default model" onChange={(e) => setSettings((s) => ({ ...s, model: e.target.value }))} />
                </div>
                <div>
                  <label htmlFor="tpl-temperature">Temperature</label>
                  <input id="tpl-temperature" inputMode="decimal" value={settings.temperature} onChange={(e) => setSettings((s) => ({ ...s, temperature: e.target.value }))} />
                </div>
                <div>
                  <label htmlFor="tpl-max-tokens">Max tokens</label>
                  <input id="tpl-max-tokens" inputMode="numeric" value={settings.maxTokens} onChange={(e) => setSettings((s) => ({ ...s, maxTokens: e.target.value }))} />
                </div>
              </fieldset>
              {fieldError("model") ?? fieldError("temperature") ?? fieldError("maxTokens")}
            </details>
          </section>
          <section className="card editor-section" aria-labelledby="variables-title">
            <h2 id="variables-title" className="visually-hidden">
              Variables
            </h2>
            <VariablesEditor drafts={drafts} onChange={(next) => (setDrafts(next), setSaved(null))} problems={definitionErrors} readOnly={readOnly} />
            {fieldError("variables")}
          </section>
        </div>
        <div className="editor-side">
          <PreviewPane template={parsed.template} variables={definitions} blockedReason={parsed.errors.length > 0 ? "Fix the problems in the template to see the preview." : undefined} />
        </div>
      </div>

      {readOnly ? null : (
        <section className="card save-bar" aria-label="Save">
          <div className="save-note">
            <label htmlFor="tpl-note">{isNew ? "Note for version 1" : "Version note"}</label>
            <input id="tpl-note" value={note} maxLength={500} placeholder="What changed, and why" onChange={(e) => setNote(e.target.value)} />
          </div>
          <div className="save-actions">
            {dirty ? <span className="dirty-mark">Unsaved changes</span> : null}
            <button type="submit" className="primary inline" disabled={blocked || save.busy} aria-describedby={blocked ? "save-blocked" : undefined}>
              {save.busy ? "Saving…" : isNew ? "Create template" : "Save as new version"}
            </button>
          </div>
          {blocked ? (
            <ul className="save-blocked" id="save-blocked" data-testid="save-blocked">
              {reasons.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          ) : null}
          <div className="save-feedback">
            <StudioError error={save.error} />
            {saved ? (
              <p className="ok-notice" role="status">
                {saved}
              </p>
            ) : null}
          </div>
        </section>
      )}
    </form>
  );
}
