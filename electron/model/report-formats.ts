/** The formats a conversation exports to: the one list the app, the CLI, the contract and the exporter use. */
export const REPORT_FORMATS = [
  { id: 'html', label: 'HTML report', extension: 'html' },
  { id: 'md', label: 'Markdown', extension: 'md' },
  { id: 'ipynb', label: 'Jupyter notebook', extension: 'ipynb' },
  { id: 'py', label: 'Python script', extension: 'py' },
  { id: 'pdf', label: 'PDF document', extension: 'pdf' },
] as const;

export type ReportFormat = (typeof REPORT_FORMATS)[number]['id'];

export const REPORT_FORMAT_IDS = REPORT_FORMATS.map((f) => f.id) as [ReportFormat, ...ReportFormat[]];

export function reportFormat(id: ReportFormat): (typeof REPORT_FORMATS)[number] {
  return REPORT_FORMATS.find((f) => f.id === id)!;
}
