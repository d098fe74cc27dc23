import { useQuery } from "convex/react";
import { Component, type ReactNode } from "react";
import { api } from "../../convex/_generated/api";

/**
 * A small, persistent line saying the coach is simulated when the backend
 * runs against the offline fake instead of Claude. `simulated: null` (not
 * known yet) shows nothing.
 */
function ProviderModeNotice() {
  const mode = useQuery(api.llm.providerMode.get, {});
  if (!mode?.simulated) return null;
  return (
    <p className="offline-notice" role="note" data-testid="offline-notice">
      <strong>Offline demo:</strong> the coach is simulated. Add an Anthropic key for real coaching (see README → “Using real Convex and a real
      Claude key”).
    </p>
  );
}

/** The notice is informative only: if the query fails, the app carries on without it. */
class Quiet extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  override render() {
    return this.state.failed ? null : this.props.children;
  }
}

export function OfflineNotice() {
  return (
    <Quiet>
      <ProviderModeNotice />
    </Quiet>
  );
}
