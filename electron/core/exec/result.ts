import type { PartialOutput } from './kernel/client';
import type { BatchResult, ExecResult } from '../../model/exec/types';

/** head + "… N bytes omitted …" + tail. */
export function assembleOutput(part: PartialOutput): string {
  if (part.omitted <= 0) return part.head + part.tail;
  const head = part.head.endsWith('\n') || part.head === '' ? part.head : part.head + '\n';
  return `${head}… ${part.omitted} bytes omitted …\n${part.tail}`;
}

/** AutoGen's code-result message, which the model reads. */
export function formatAutogen(exitCode: number, output: string): string {
  return `exitcode: ${exitCode} (${exitCode === 0 ? 'execution succeeded' : 'execution failed'})\nCode output: ${output}`;
}

export function batchFrom(results: ExecResult[], unsupported: string | null = null): BatchResult {
  if (unsupported) {
    return { exitCode: 1, results, unsupported, message: formatAutogen(1, unsupported) };
  }
  const last = results[results.length - 1];
  const exitCode = last?.exitCode ?? 0;
  return {
    exitCode,
    results,
    unsupported: null,
    message: formatAutogen(exitCode, results.map((r) => r.output).join('\n')),
  };
}
