import type { SessionView } from "./types";

export function StepBar({ steps }: { steps: SessionView["steps"] }) {
  return (
    <ol className="step-bar" aria-label="Steps">
      {steps.map((step, i) => (
        <li key={step.id} className={`step step-${step.state}`} aria-current={step.state === "current" ? "step" : undefined}>
          <span className="step-number" aria-hidden="true">
            {step.state === "done" ? "✓" : i + 1}
          </span>
          <span className="step-name">{step.name}</span>
          <span className="visually-hidden">
            {step.state === "done" ? " (done)" : step.state === "current" ? " (current)" : " (upcoming)"}
          </span>
        </li>
      ))}
    </ol>
  );
}
