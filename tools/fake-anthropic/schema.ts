/** The JSON Schema plumbing the fake's readers share: what a schema node is, and following `$ref`s. */
export type Schema = Record<string, unknown>;

export function isSchema(value: unknown): value is Schema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The node a local JSON pointer (`#`, `#/$defs/turn`) names, or {} when it names none. */
export function resolveRef(root: Schema, ref: string): Schema {
  if (ref === "#") return root;
  if (!ref.startsWith("#/")) return {};
  let node: unknown = root;
  for (const raw of ref.slice(2).split("/")) {
    const key = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    node = isSchema(node) ? node[key] : undefined;
  }
  return isSchema(node) ? node : {};
}

/** `node` with a local `$ref` followed (its own keys win), or `node` itself when it has none that resolves. */
export function resolve(root: Schema, node: unknown): Schema {
  if (!isSchema(node)) return {};
  const ref = node["$ref"];
  if (typeof ref !== "string" || !ref.startsWith("#/")) return node;
  let cur: unknown = root;
  for (const part of ref.slice(2).split("/")) cur = isSchema(cur) ? cur[part] : undefined;
  return isSchema(cur) ? { ...cur, ...node } : node;
}
