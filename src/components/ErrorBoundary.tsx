import { Component, type ReactNode } from "react";
import { describeError } from "../lib/errors";

/** Query errors surface during render; this shows them plainly instead of a blank page. */
export class ErrorBoundary extends Component<{ children: ReactNode; resetKey?: string }, { error: unknown }> {
  state: { error: unknown } = { error: null };

  static getDerivedStateFromError(error: unknown) {
    return { error };
  }

  componentDidUpdate(previous: { resetKey?: string }) {
    if (previous.resetKey !== this.props.resetKey && this.state.error) this.setState({ error: null });
  }

  render() {
    if (!this.state.error) return this.props.children;
    const described = describeError(this.state.error);
    return (
      <div className="card" role="alert">
        <p>{described.message}</p>
        {described.requestId ? <p className="muted">Reference {described.requestId}</p> : null}
        <a href="/">Back to your sessions</a>
      </div>
    );
  }
}
