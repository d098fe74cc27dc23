import type { ItemErrorClass } from "./validators";

/**
 * What the item list says about a failure. The gateway's own sentences are
 * written for the coaching chat; these are written for someone running a batch.
 */
export function itemFailureMessage(errorClass: ItemErrorClass, detail?: string): string {
  switch (errorClass) {
    case "invalid_output":
      return detail ?? "Claude's reply was not a usable conversation.";
    case "rate_limited":
      return "Claude's rate limit was reached.";
    case "overloaded":
      return "Claude was overloaded.";
    case "server_error":
      return "Claude's service returned an error.";
    case "timeout":
      return "The attempt took longer than the item timeout.";
    case "network":
      return "The connection to Claude failed.";
    case "malformed_response":
      return "Claude's reply arrived broken.";
    case "circuit_open":
      return "Generation is paused while Claude recovers from repeated errors.";
    case "interrupted":
      return "The attempt was cut off when the backend restarted; it runs again and does not count as an attempt.";
    case "too_large":
      return "The rendered prompt is too large for the model.";
    case "bad_request":
      // The stored detail is the gateway's sentence for the coaching chat, which misleads here.
      return "Claude refused the request as malformed (400). Check the template's model and settings, then retry.";
    case "authentication":
    case "permission":
    case "not_found":
      return "The deployment's Claude settings are wrong; an admin must fix them.";
    case "cancelled":
      return "Cancelled.";
    case "conflict":
    case "unknown":
      return "Something went wrong with this attempt.";
  }
}
