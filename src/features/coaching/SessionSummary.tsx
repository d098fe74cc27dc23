import { useState } from "react";
import { SafeMarkdown } from "../../components/SafeMarkdown";
import { downloadText } from "../../lib/download";

export function SessionSummary({ summary, actionPlan, frameworkName }: { summary: string; actionPlan: string; frameworkName: string }) {
  const [copied, setCopied] = useState(false);
  const markdown = `${summary}\n\n${actionPlan}\n`;
  async function copy() {
    await navigator.clipboard.writeText(markdown);
    setCopied(true);
    setTimeout(() => setCopied(false), 2000);
  }
  return (
    <section className="card summary" aria-labelledby="summary-title" data-testid="summary">
      <h2 id="summary-title">Your summary and action plan</h2>
      <SafeMarkdown text={summary} />
      <SafeMarkdown text={actionPlan} />
      <div className="row">
        <button type="button" onClick={() => void copy()}>
          {copied ? "Copied" : "Copy"}
        </button>
        <button type="button" onClick={() => downloadText(`framewise-${frameworkName.toLowerCase().replace(/\W+/g, "-")}-plan.md`, markdown)}>
          Download (Markdown)
        </button>
      </div>
    </section>
  );
}
