import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, test } from "vitest";
import { Transcript } from "./Transcript";

afterEach(cleanup);

describe("the streaming transcript", () => {
  test("a partial run shows its complete turns and the one being written, with a cursor", () => {
    const { rerender } = render(
      <Transcript
        live
        turns={[
          { role: "client", text: "I'm dreading the migration." },
          { role: "coach", text: "What part weighs on you most?" },
        ]}
        writing={{ role: "client", text: "Telling people twice my sen" }}
      />,
    );
    const list = screen.getByRole("list", { name: "Conversation" });
    expect(list.getAttribute("aria-busy")).toBe("true");
    const turns = screen.getAllByTestId("gen-turn");
    expect(turns.map((t) => t.className)).toEqual(["gen-turn gen-turn-client", "gen-turn gen-turn-coach"]);
    expect(turns[1].textContent).toContain("What part weighs on you most?");
    const writing = screen.getByTestId("gen-turn-writing");
    expect(writing.className).toContain("gen-turn-client");
    expect(writing.textContent).toContain("Telling people twice my sen");
    expect(writing.querySelector(".gen-cursor")).not.toBeNull();

    // The next delta: the turn completes and the coach starts; the role is not streamed yet.
    rerender(
      <Transcript
        live
        turns={[
          { role: "client", text: "I'm dreading the migration." },
          { role: "coach", text: "What part weighs on you most?" },
          { role: "client", text: "Telling people twice my seniority what to do." },
        ]}
        writing={{ text: "" }}
      />,
    );
    expect(screen.getAllByTestId("gen-turn")).toHaveLength(3);
    expect(screen.getByTestId("gen-turn-writing").className).toContain("gen-turn-coach");
  });

  test("model output is text: markup in a turn is shown as typed", () => {
    render(<Transcript turns={[{ role: "client", text: "<img src=x onerror=alert(1)><b>hi</b>" }]} />);
    const turn = screen.getByTestId("gen-turn");
    expect(turn.querySelector("img, b")).toBeNull();
    expect(turn.textContent).toContain("<b>hi</b>");
    expect(screen.queryByTestId("gen-turn-writing")).toBeNull();
    expect(screen.getByRole("list").getAttribute("aria-busy")).toBeNull();
  });
});
