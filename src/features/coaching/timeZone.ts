/**
 * The person's IANA time zone, sent with session starts and messages so the
 * coach resolves "by Friday" or "within three months" against their calendar.
 */
export function browserTimeZone(): string | undefined {
  try {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    return typeof zone === "string" && zone !== "" ? zone : undefined;
  } catch {
    return undefined;
  }
}

/** `{ timeZone }` when the browser knows it; spread into startSession/sendMessage arguments. */
export function timeZoneArg(): { timeZone?: string } {
  const timeZone = browserTimeZone();
  return timeZone ? { timeZone } : {};
}
