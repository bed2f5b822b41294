// Small formatting helpers for the UI (sizes: formatBytes in electron/model/text/bytes.ts).

export function formatCount(n: number): string {
  return n.toLocaleString('en');
}

/** < 0.1 s, 0.4 s, 12 s, 3 min 05 s. */
export function formatDuration(ms: number): string {
  if (ms < 50) return '< 0.1 s';
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

/** "just now", "5 min ago", "yesterday", or a date. */
export function relativeTime(iso: string, now = Date.now()): string {
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) return '';
  const s = Math.max(0, Math.round((now - t) / 1000));
  if (s < 45) return 'just now';
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86_400) return `${Math.round(s / 3600)} h ago`;
  if (s < 172_800) return 'yesterday';
  return new Date(t).toLocaleDateString('en', { day: 'numeric', month: 'short', year: 'numeric' });
}

/** Copies text to the clipboard (the async API, or a hidden textarea where it is not allowed). */
export async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    return;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.append(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    if (!ok) throw new Error('the clipboard is not available');
  }
}
