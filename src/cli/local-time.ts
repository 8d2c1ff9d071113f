/**
 * `2026-01-01T11:00:15+01:00`: the server's local time, which cron schedules run in, with its
 * offset so it can't be mistaken for UTC (and still parses as ISO 8601).
 */
export function localTime(date: Date, offsetMinutes = -date.getTimezoneOffset()): string {
  const shifted = new Date(date.getTime() + offsetMinutes * 60_000);
  const sign = offsetMinutes < 0 ? "-" : "+";
  const abs = Math.abs(offsetMinutes);
  const offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
  return `${shifted.toISOString().slice(0, 19)}${offset}`;
}
