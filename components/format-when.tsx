/** A timestamp in UTC, with the viewer's local time on hover (the title is filled in the browser). */
export function formatWhen(value: Date | string | number) {
  const d = new Date(value);
  const utc = d.toISOString().replace('T', ' ').slice(0, 16);
  return (
    <time dateTime={d.toISOString()} title={`${utc} UTC`} className="whitespace-nowrap">
      {utc}
    </time>
  );
}
