// The CLI's output (js/cli.js): CSV fields, result lines, the progress bar and summaries, on the
// streams it is given (results on stdout, progress on stderr).

/** `CODE: message` for a KakaoChannelError (or any error with a string `code`), else the message. */
export function describeError(err) {
  if (err && typeof err.code === 'string') return `${err.code}: ${err.message}`;
  return String(err?.message ?? err);
}

/** `1,234`. */
export const fmt = (n) => Number(n).toLocaleString('en-US');

export function csvField(value) {
  const s = value === undefined || value === null ? '' : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

// ---- progress -----------------------------------------------------------------------------------------

/** `[#####.....] 5,000/10,000 users  50%  1 failed  3.2 s` */
export function progressLine({ done, total, failed }, elapsedMs, unit = 'users', width = 20) {
  // An unknown total (standard input): the count and the time only.
  if (total === null || total === undefined) return `${fmt(done)} ${unit}  ${fmt(failed)} failed  ${(elapsedMs / 1000).toFixed(1)} s`;
  const ratio = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(ratio * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${fmt(done)}/${fmt(total)} ${unit}  ${Math.floor(ratio * 100)}%  ${fmt(failed)} failed  ${(elapsedMs / 1000).toFixed(1)} s`;
}

/**
 * A progress reporter on `stream`: redrawn in place on a terminal (at most every 100 ms), one line
 * per 10 % step otherwise, so logs and CI show it too.
 */
export function createProgress({ stream = process.stderr, unit = 'users', enabled = true, tty = stream.isTTY } = {}) {
  const started = performance.now();
  let step = -1;
  let drawn = 0;
  let pending = false;
  let last = null;
  return {
    update(p) {
      last = p;
      if (!enabled) return;
      const now = performance.now();
      if (tty) {
        const complete = p.total > 0 && p.done >= p.total; // (false for an unknown total)
        if (!complete && now - drawn < 100) return;
        drawn = now;
        stream.write(`\r${progressLine(p, now - started, unit)}\x1b[K`);
        pending = true;
      } else if (p.total === null || p.total === undefined) {
        // No total: a line every 100,000.
        const s = Math.floor(p.done / 100_000);
        if (s <= step || s === 0) return;
        step = s;
        stream.write(`${progressLine(p, now - started, unit)}\n`);
      } else {
        const s = p.total > 0 ? Math.floor((Math.min(p.done, p.total) / p.total) * 10) : 10;
        if (s <= step || s === 0) return;
        step = s;
        stream.write(`${progressLine(p, now - started, unit)}\n`);
      }
    },
    finish() {
      if (enabled && tty && pending) stream.write('\n');
      pending = false;
      return performance.now() - started;
    },
    get last() {
      return last;
    },
  };
}

export function summaryLine(verb, { requested, succeeded, failed, batches, batchWord = 'batches' }, elapsedMs) {
  const seconds = elapsedMs / 1000;
  if (batches === 1) batchWord = batchWord.replace(/e?s$/, '');
  const rate = seconds > 0 ? Math.round(requested / seconds) : requested;
  return `${verb}: ${fmt(requested)} requested, ${fmt(succeeded)} succeeded, ${fmt(failed)} failed, ${fmt(batches)} ${batchWord}, ${seconds.toFixed(1)} s, ${fmt(rate)} users/s`;
}

/** One result as output lines: ndjson, or csv rows (a row a channel). */
export function resultLines(r, format) {
  if (format !== 'csv') {
    const o = { userId: r.userId, channels: r.channels ?? [] };
    if (r.error) o.error = { code: r.error.code, message: r.error.message };
    return `${JSON.stringify(o)}\n`;
  }
  if (r.error || !r.channels?.length) return `${[r.userId, '', '', '', r.error ? describeError(r.error) : ''].map(csvField).join(',')}\n`;
  let out = '';
  for (const c of r.channels) out += `${[r.userId, c.channelPublicId, c.relation, c.updatedAt ?? '', ''].map(csvField).join(',')}\n`;
  return out;
}
