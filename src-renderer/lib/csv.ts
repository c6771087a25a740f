// CSV for "Copy CSV" and downloadable reports: RFC 4180 quoting, numbers at full precision
// (the screen rounds, the file should not).

export type CsvValue = string | number | boolean | null | undefined;

export function csvCell(v: CsvValue): string {
  if (v == null) return '';
  const s = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(header: string[], rows: CsvValue[][]): string {
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
}

/** A Blob URL the caller must revoke; used for download links that work under a strict CSP. */
export function csvBlobUrl(csv: string): string {
  return blobUrl(csv, 'text/csv;charset=utf-8');
}

export function blobUrl(text: string, type: string): string {
  return URL.createObjectURL(new Blob([text], { type }));
}

export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Clipboard API is denied in some contexts (insecure origin, no focus): fall back to a textarea.
    const ta = document.createElement('textarea');
    ta.value = text;
    ta.style.position = 'fixed';
    ta.style.opacity = '0';
    document.body.appendChild(ta);
    ta.select();
    let ok = false;
    try {
      ok = document.execCommand('copy');
    } catch {
      ok = false;
    }
    ta.remove();
    return ok;
  }
}
