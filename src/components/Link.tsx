import type { MouseEvent, ReactNode } from "react";
import { navigate } from "../lib/router";

export function Link({ to, children, current, className }: { to: string; children: ReactNode; current?: boolean; className?: string }) {
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    navigate(to);
  };
  return (
    <a href={to} onClick={onClick} aria-current={current ? "page" : undefined} className={className}>
      {children}
    </a>
  );
}
