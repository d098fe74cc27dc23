import type { ComponentPropsWithoutRef, ReactNode } from "react";
import Markdown, { type Components } from "react-markdown";

/**
 * Renders model or user Markdown as React elements. react-markdown never
 * creates HTML from the text: raw HTML in the source (`<script>`, `<img
 * onerror>`) comes out as literal text, because we add no rehype-raw plugin
 * (and must never add one). On top of that:
 * - links open in a new tab without access to this page (noopener noreferrer),
 *   and only http(s) and mailto links are links at all; anything else is text;
 * - images are never loaded (a model-written image could track or mislead):
 *   their alt text is shown instead;
 * - headings are shifted below the page's own (h3/h4), or, inside a chat
 *   bubble, shown as bold paragraphs so a reply cannot break the outline;
 * - GitHub-style task items (`- [ ] …`, `- [x] …`) show as boxes, without
 *   needing the GFM plugin.
 */

const SAFE_LINK = /^(https?:|mailto:)/i;

function SafeLink({ href, children }: ComponentPropsWithoutRef<"a">) {
  if (!href || !SAFE_LINK.test(href)) return <span>{children}</span>;
  return (
    <a href={href} target="_blank" rel="noopener noreferrer">
      {children}
    </a>
  );
}

function NoImage({ alt }: ComponentPropsWithoutRef<"img">) {
  return alt ? <span className="muted">[{alt}]</span> : null;
}

const base: Components = {
  a: SafeLink,
  img: NoImage,
};

const outline: Components = {
  ...base,
  h1: ({ children }) => <h3>{children}</h3>,
  h2: ({ children }) => <h3>{children}</h3>,
  h3: ({ children }) => <h4>{children}</h4>,
  h4: ({ children }) => <h5>{children}</h5>,
  h5: ({ children }) => <h6>{children}</h6>,
  h6: ({ children }) => <h6>{children}</h6>,
};

const Bold = ({ children }: { children?: ReactNode }) => (
  <p>
    <strong>{children}</strong>
  </p>
);
const inline: Components = { ...base, h1: Bold, h2: Bold, h3: Bold, h4: Bold, h5: Bold, h6: Bold };

function taskBoxes(text: string): string {
  return text.replace(/^(\s*[-*+] )\[( |x|X)\] /gm, (_m, bullet: string, mark: string) => `${bullet}${mark === " " ? "☐" : "☑"} `);
}

export function SafeMarkdown({ text, headings = "outline", className }: { text: string; headings?: "outline" | "inline"; className?: string }) {
  return (
    <div className={className ? `markdown ${className}` : "markdown"}>
      <Markdown components={headings === "inline" ? inline : outline}>
        {taskBoxes(text)}
      </Markdown>
    </div>
  );
}
