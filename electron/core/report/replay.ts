// What makes an exported notebook or script re-run the analysis: the helpers' prelude, and which
// blocks become code (the notebook and the script share these; neither borrows from the other).
import type { BlockRun } from '../../model/agent/conversation';

/**
 * The first code cell of the notebook (and section of the script): Plotwright's sandbox gives
 * the code `chart(...)` and `record_result(...)` as globals; here they come from the
 * `plotwright` package when it is installed and do nothing otherwise, so "Run all" works
 * anywhere. Code that imports them (`from plotwright import chart`) works too.
 */
export const HELPERS_PRELUDE = `# Plotwright's helpers. In Plotwright's sandbox, chart() draws a chart in the app and
# record_result() hands figures to it; without the plotwright package they do nothing.
import sys
import types

try:
    import plotwright
except ImportError:
    plotwright = types.ModuleType("plotwright")
    sys.modules["plotwright"] = plotwright


def _does_nothing(*args, **kwargs):
    return None


chart = getattr(plotwright, "chart", _does_nothing)
record_result = getattr(plotwright, "record_result", _does_nothing)
for _name, _helper in (("chart", chart), ("record_result", record_result), ("result", record_result)):
    if not hasattr(plotwright, _name):
        setattr(plotwright, _name, _helper)
`;

/** The blocks that become code cells (notebook) or code (script). */
export const replayable = (b: BlockRun) => b.status === 'succeeded';

/**
 * Blocks that ran and failed: code cells tagged `raises-exception`, so "Run all" goes on past
 * them. A block that timed out is not one (it could run for ever): it is shown in Markdown.
 */
export const ranAndFailed = (b: BlockRun) => b.status === 'failed' && b.result !== undefined;
