import { cleanup, render } from "@testing-library/react";
import { afterEach, describe, expect, test } from "vitest";
import { SafeMarkdown } from "./SafeMarkdown";

afterEach(cleanup);

describe("SafeMarkdown", () => {
  test("raw HTML in model text renders as text, never as elements", () => {
    const text = 'Try this: <script>alert("x")</script>\n\n<img src=x onerror="alert(1)">\n\nAnd <b onclick="x()">bold</b>.';
    const { container } = render(<SafeMarkdown text={text} />);
    expect(container.querySelector("script")).toBeNull();
    expect(container.querySelector("img")).toBeNull();
    expect(container.querySelector("b")).toBeNull();
    expect(container.querySelector("[onerror], [onclick]")).toBeNull();
    expect(container.textContent).toContain('<script>alert("x")</script>');
    expect(container.textContent).toContain('<img src=x onerror="alert(1)">');
  });

  test("formats emphasis, lists and task items", () => {
    const { container } = render(<SafeMarkdown text={"**Goal**: ship it\n\n- one\n- two\n\n- [ ] book the meeting\n- [x] draft the agenda"} />);
    expect(container.querySelector("strong")?.textContent).toBe("Goal");
    expect(container.querySelectorAll("li")).toHaveLength(4);
    expect(container.textContent).toContain("☐ book the meeting");
    expect(container.textContent).toContain("☑ draft the agenda");
  });

  test("links open safely in a new tab; script links and images are not rendered", () => {
    const { container } = render(
      <SafeMarkdown text={"[guide](https://example.com/g) and [bad](javascript:alert(1)) and ![pixel](https://t.example/p.gif)"} />,
    );
    const links = container.querySelectorAll("a");
    expect(links).toHaveLength(1);
    expect(links[0].getAttribute("href")).toBe("https://example.com/g");
    expect(links[0].getAttribute("target")).toBe("_blank");
    expect(links[0].getAttribute("rel")).toBe("noopener noreferrer");
    expect(container.textContent).toContain("bad");
    expect(container.querySelector("img")).toBeNull();
    expect(container.textContent).toContain("[pixel]");
  });

  test("headings sit below the page's own; in a chat bubble they are bold paragraphs", () => {
    const outline = render(<SafeMarkdown text={"# Summary\n\n## Action plan\n\n### Next"} />);
    expect([...outline.container.querySelectorAll("h3, h4")].map((h) => h.tagName)).toEqual(["H3", "H3", "H4"]);
    outline.unmount();
    const bubble = render(<SafeMarkdown headings="inline" text={"## Options"} />);
    expect(bubble.container.querySelector("h1, h2, h3, h4, h5, h6")).toBeNull();
    expect(bubble.container.querySelector("p > strong")?.textContent).toBe("Options");
  });
});
