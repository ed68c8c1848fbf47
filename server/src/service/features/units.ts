/** Quantities in the words people read them in, shared by the transcript and log hovers. */

/** 10240000 -> "9.8 MiB (10,240,000 bytes)" */
export function humanSize(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return String(bytes);
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const grouped = bytes.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return unit === 0 ? `${bytes} bytes` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]} (${grouped} bytes)`;
}
