/** Which cells pandas reads as missing (`NaN`), as the profile and the Data tab count them. */
/** pandas' default `na_values`, plus `-` (which Plotwright passes as `na_values=['-']` when present). */
export const PANDAS_NA = new Set([
  '',
  '#N/A',
  '#N/A N/A',
  '#NA',
  '-1.#IND',
  '-1.#QNAN',
  '-NaN',
  '-nan',
  '1.#IND',
  '1.#QNAN',
  '<NA>',
  'N/A',
  'NA',
  'NULL',
  'NaN',
  'None',
  'n/a',
  'nan',
  'null',
]);

export function isMissing(value: string): boolean {
  return value === '-' || PANDAS_NA.has(value);
}
