import type { ReactNode } from "react";

/**
 * Renders the small Markdown subset Framewise writes (headings, bullet and
 * task lists, bold) as React elements. It never creates HTML from the text,
 * so model or user content cannot inject markup.
 */
function inline(text: string): ReactNode[] {
  const parts = text.split(/(\*\*[^*]+\*\*)/g);
  return parts.map((part, i) =>
    part.startsWith("**") && part.endsWith("**") && part.length > 4 ? <strong key={i}>{part.slice(2, -2)}</strong> : part,
  );
}

export function SafeMarkdown({ text }: { text: string }) {
  const blocks: ReactNode[] = [];
  let list: ReactNode[] = [];
  const flush = () => {
    if (list.length > 0) blocks.push(<ul key={`ul-${blocks.length}`}>{list}</ul>);
    list = [];
  };
  text.split("\n").forEach((line, i) => {
    const task = /^\s*[-*] \[( |x)\] (.*)$/.exec(line);
    const bullet = /^\s*[-*] (.*)$/.exec(line);
    if (task) {
      list.push(
        <li key={i} className="task">
          <span aria-hidden="true">{task[1] === "x" ? "☑" : "☐"}</span> {inline(task[2])}
        </li>,
      );
      return;
    }
    if (bullet) {
      list.push(<li key={i}>{inline(bullet[1])}</li>);
      return;
    }
    flush();
    if (line.startsWith("### ")) blocks.push(<h4 key={i}>{inline(line.slice(4))}</h4>);
    else if (line.startsWith("## ")) blocks.push(<h3 key={i}>{inline(line.slice(3))}</h3>);
    else if (line.startsWith("# ")) blocks.push(<h3 key={i}>{inline(line.slice(2))}</h3>);
    else if (line.trim() !== "") blocks.push(<p key={i}>{inline(line)}</p>);
  });
  flush();
  return <div className="markdown">{blocks}</div>;
}
