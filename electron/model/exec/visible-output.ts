/**
 * What a person (or a model) may see of an execution's output.
 *
 * Older versions of the sandbox printed machine lines into the output: the built-in analyst's
 * `PLOTWRIGHT-RESULT {json}` lines and one `<chart: title (kind, N points)>` placeholder per
 * chart. Results and charts now travel out of band, but saved conversations still hold those
 * lines. `visibleOutput` drops them (whole lines only, exact shapes only: a line that merely
 * mentions the words stays) and keeps everything else byte for byte.
 */

/** A result line as result.py printed it: the marker then a JSON object. */
const RESULT_LINE = /^PLOTWRIGHT-RESULT \{.*\}\s*$/;
/** A chart placeholder as ChartSpec.__repr__ printed it, optionally with the
 *  "[not shown: …]" note chart() added outside Plotwright. */
const CHART_LINE =
  /^<chart: .* \((?:line|bar|scatter|pie|area), \d+ points\)>(?: \[not shown: [^\]]*\])?\s*$/;

/** True for a line the user never wrote and should never see. */
export function isMachineLine(line: string): boolean {
  return RESULT_LINE.test(line) || CHART_LINE.test(line);
}

const AUTOGEN_PREFIX = 'Code output: ';

/**
 * `text` without old machine lines (result lines and chart placeholders); anything else unchanged.
 * In an execution message (AutoGen's `Code output: ` prefix), a machine line right after the prefix
 * goes too, and the prefix stays.
 */
export function visibleOutput(text: string): string {
  if (!text || (!text.includes('PLOTWRIGHT-RESULT ') && !text.includes('<chart: '))) return text;
  const lines = text.split('\n');
  const kept: string[] = [];
  let waiting: string | null = null; // `Code output: ` whose own line was a machine line
  let seenPrefix = false;
  for (const raw of lines) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (!seenPrefix && line.startsWith(AUTOGEN_PREFIX)) {
      seenPrefix = true;
      if (isMachineLine(line.slice(AUTOGEN_PREFIX.length))) {
        waiting = AUTOGEN_PREFIX;
        continue;
      }
    }
    if (isMachineLine(line)) continue;
    kept.push((waiting ?? '') + raw);
    waiting = null;
  }
  if (waiting !== null) kept.push(waiting); // nothing but machine lines after the prefix
  return kept.join('\n');
}

/**
 * The figures of an output saved before results travelled out of band: the JSON object of its
 * last non-empty line when that is a `PLOTWRIGHT-RESULT` line (the old helper printed it last, so
 * a data value that merely looked like one never counted), else null. Only for results that carry
 * no `results` field; new results never have their output read for figures.
 */
export function legacyResult(output: string): Record<string, unknown> | null {
  const line = output.trimEnd().split(/\r?\n/).pop() ?? '';
  if (!line.startsWith('PLOTWRIGHT-RESULT ')) return null;
  try {
    const value: unknown = JSON.parse(line.slice('PLOTWRIGHT-RESULT '.length));
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // cut, or not a result
  }
  return null;
}

/** The old helper import and call of the built-in analyst's saved code, as today's code reads. */
const LEGACY_IMPORT = /^[ \t]*from plotwright import result as _pw_result[ \t]*(?:#.*)?\r?\n?/gm;

/**
 * Code saved before the prelude existed, as it would be written today: the helper import the user
 * never wrote is dropped and `_pw_result(` reads `record_result(` (the same call, out of band now).
 */
export function visibleCode(code: string): string {
  if (!code.includes('_pw_result')) return code;
  return code.replace(LEGACY_IMPORT, '').replace(/\b_pw_result\b/g, 'record_result');
}
