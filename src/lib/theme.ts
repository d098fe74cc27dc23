/**
 * A colour from the theme's CSS variables (src/styles.css), for places that
 * need a literal colour rather than CSS, such as chart series drawn as SVG
 * attributes. Falls back when the variable is unset (tests, no stylesheet).
 */
export function themeColour(variable: `--${string}`, fallback: string): string {
  if (typeof document === "undefined" || typeof getComputedStyle !== "function") return fallback;
  return getComputedStyle(document.documentElement).getPropertyValue(variable).trim() || fallback;
}
