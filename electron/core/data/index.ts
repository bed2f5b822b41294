/** Understanding a data file before any code runs: sniffing, counting, column types, privacy. */
export type {
  ColumnProfile,
  ColumnType,
  DateColumn,
  DateOrder,
  Encoding,
  FileProfile,
  NumberColumn,
  PrivacyLevel,
} from './types';
export { DataFileError } from './types';
export { profileFile, buildProfile, readCsvCall, readHead } from './profile';
export type { ProfileOptions, ReadOptions } from './profile';
export { dataBrief, neutralise, sizeClass, MAX_SAMPLE_ROWS, MAX_CELL_CHARS } from './privacy';
export { countRecords, countRows } from './count';
export type { CountOptions, CountResult } from './count';
export { sniffBytes, SNIFF_BYTES } from './sniff';
export type { Head, Sniffed } from './sniff';
export {
  cellKind,
  cut,
  inferColumns,
  isMissing,
  looksLikeHeader,
  numberFormat,
  numberKind,
  pandasNames,
  pyStr,
  PANDAS_NA,
} from './columns';
export type { CellKind, NumberFormat } from './columns';
export { parseNumber, analyseNumbers, CURRENCY } from './numbers';
export type { ParsedNumber } from './numbers';
export { analyseDates, isIsoDate, orderWords } from './dates';
export { findPreamble } from './preamble';
export type { Preamble } from './preamble';
export { planReading } from './reading';
export type { ReadingPlan } from './reading';
export { conversionHelpers, datePlan, dateSentence, numberPlan } from './convert';
