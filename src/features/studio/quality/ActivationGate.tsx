import { useMutation } from "convex/react";
import { useId, useRef, useState } from "react";
import { api } from "../../../../convex/_generated/api";
import type { Id } from "../../../../convex/_generated/dataModel";
import { OVERRIDE_REASON } from "../../../../convex/studio/quality/verdict";
import type { DisplayError } from "../../../lib/errors";
import { StudioError, useStudioCall } from "../StudioError";
import { useModal } from "./useModal";

/** The server's refusal to make a version live, beside its button, with the ways forward. */
export function ActivationRefusal({ error, version, onTest, onOverride }: { error: DisplayError; version: number; onTest: () => void; onOverride: () => void }) {
  return (
    <div className="activation-refusal" data-testid="activation-refusal">
      <StudioError error={error} />
      <div className="refusal-actions">
        <button type="button" className="small" onClick={onTest}>
          Test v{version}
        </button>
        <button type="button" className="small danger" onClick={onOverride}>
          Activate anyway…
        </button>
      </div>
    </div>
  );
}

/** An admin makes an untested or failing version live anyway, with a written reason that goes to the audit log. */
export function OverrideActivationDialog({
  versionId,
  version,
  templateName,
  refusal,
  onDone,
  onClose,
}: {
  versionId: Id<"promptTemplateVersions">;
  version: number;
  templateName: string;
  refusal: string;
  onDone: () => void;
  onClose: () => void;
}) {
  const id = useId();
  const box = useRef<HTMLDivElement>(null);
  const field = useRef<HTMLTextAreaElement>(null);
  const onKeyDown = useModal(box, onClose, { initial: field });
  const [reason, setReason] = useState("");
  const activate = useStudioCall(useMutation(api.studio.templates.manage.activateVersion));
  const length = reason.trim().length;
  const short = length < OVERRIDE_REASON.min;
  return (
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div ref={box} className="dialog card" role="dialog" aria-modal="true" aria-labelledby={`${id}-title`} aria-describedby={`${id}-body`} onKeyDown={onKeyDown}>
        <h2 id={`${id}-title`}>Activate version {version} anyway?</h2>
        <div id={`${id}-body`} className="dialog-body">
          <p>
            The quality gate refused it: <em>{refusal}</em>
          </p>
          <p>
            Making it live without a passing test puts an unproven version of <strong>{templateName}</strong> in front of every new run. Your reason is recorded
            in the audit log with your name.
          </p>
        </div>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void activate.run({ versionId, override: { reason } }).then((r) => {
              if (r !== undefined) onDone();
            });
          }}
        >
          <label htmlFor={`${id}-reason`}>Reason for overriding the test</label>
          <textarea
            ref={field}
            id={`${id}-reason`}
            rows={3}
            value={reason}
            maxLength={OVERRIDE_REASON.max}
            aria-describedby={`${id}-count`}
            onChange={(e) => setReason(e.target.value)}
          />
          <p id={`${id}-count`} className="hint">
            {short ? `At least ${OVERRIDE_REASON.min} characters (${length} so far).` : `${length} characters.`}
          </p>
          <StudioError error={activate.error} />
          <div className="dialog-actions">
            <button type="button" onClick={onClose}>
              Cancel
            </button>
            <button type="submit" className="danger-solid" disabled={short || activate.busy}>
              {activate.busy ? "Working…" : `Activate v${version} anyway`}
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
