/**
 * Tools mode: the model calls vetted analysis tools instead of writing code. A call becomes the
 * built-in analyst's operation (one implementation for the analyst, tools mode and the number
 * tracer), runs that operation's reviewed template with the arguments as Python literals, and
 * exports as the equivalent pandas.
 */
import type { FileProfile } from '../../model/data/types';
import { describeOperation, capitalise } from '../analyst/ops/describe';
import { mdCode } from '../analyst/format';
import { readToolCall, type ToolCallOptions, type ToolRequest } from './arguments';
import { equivalentCode, runnableCode } from './code';
import type { ToolName } from './definitions';
import { ToolError } from './error';

export {
  toolDefinitions,
  TOOL_NAMES,
  type ToolDefinition,
  type ToolName,
  type JsonSchema,
} from './definitions';
export {
  readToolCall,
  toolNamed,
  type ChartRequest,
  type ToolCallOptions,
  type ToolRequest,
} from './arguments';
export { equivalentCode, loadOnceCode, profileCode, runnableCode, TOOL_ERROR_STEP } from './code';
export { toolCallsInText, type TextToolCall } from './json-text';
export { ToolError } from './error';
export { TOOLS_INSTRUCTIONS, toolErrorIn, toolsUnsupportedMessage } from './messages';

export interface RunnableToolCall {
  tool: ToolName;
  request: ToolRequest;
  /** What runs in the sandbox: loading `df` once per kernel, the checks, then `equivalentCode`. */
  code: string;
  /** The readable pandas an export (notebook, script) contains, run on `df` as the overview loads it. */
  equivalentCode: string;
  /** What the call computes, one line of Markdown ("The total `units` by `region` in March 2026"). */
  summary: string;
}

/** One line of Markdown saying what a request computes (no figures). */
export function requestSummary(req: ToolRequest, profile: FileProfile): string {
  switch (req.kind) {
    case 'profile':
      return `A profile of ${mdCode(profile.name)}: columns, types, missing values, ranges`;
    case 'operation':
      return capitalise(describeOperation(req.operation));
    case 'correlations':
      return `The correlations between ${req.columns.map((c) => mdCode(c)).join(', ')}`;
    case 'chart': {
      const c = req.chart;
      const what = c.operation ? describeOperation(c.operation) : `${mdCode(c.y)} by ${mdCode(c.x)}`;
      return `A ${c.kind} chart of ${what}`;
    }
  }
}

/**
 * A model's tool call as code to run: `name` and `args` (an object or the JSON string the API
 * sends) checked against the file's profile. A call that does not fit the data returns a
 * ToolError whose one-line message lists the valid choices (to send back as the tool's result).
 */
export function runnableToolCall(
  name: string,
  args: unknown,
  profile: FileProfile,
  options: ToolCallOptions = {},
): RunnableToolCall | ToolError {
  let request: ToolRequest;
  try {
    request = readToolCall(name, args, profile, options);
  } catch (err) {
    if (err instanceof ToolError) return err;
    throw err;
  }
  return {
    tool: request.tool,
    request,
    code: runnableCode(request, profile),
    equivalentCode: equivalentCode(request, profile),
    summary: requestSummary(request, profile),
  };
}
