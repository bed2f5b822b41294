// Assistant text as Markdown (CommonMark + GFM). Raw HTML is shown as text, never rendered;
// links open only through the app (http and https); every fence goes to `renderCode`, which
// puts the runnable blocks (status, output, charts) in place of their fences. Inline code shows
// its hidden characters (bidi controls, terminal escapes) as escapes.
import { memo, useMemo } from 'react';
import type { ReactNode } from 'react';
import ReactMarkdown from 'react-markdown';
import type { Components, ExtraProps } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import type { Root as HastRoot } from 'hast';
import { markHast } from '../../../electron/model/answer/marks';
import type { AnswerClaim } from '../../../electron/model/answer/types';
import { api } from '../platform/api';
import { ClaimMark } from './ClaimMark';
import { Visible } from '../shared/Visible';
import { runnableLanguage } from './blocks';

export interface Fence {
  language: string;
  code: string;
  start?: number;
  end?: number;
  /** Position among the message's python/sh fences. */
  runIndex?: number;
}

type HastNode = NonNullable<ExtraProps['node']>;
interface AnyNode {
  type: string;
  tagName?: string;
  properties?: Record<string, unknown>;
  children?: AnyNode[];
  value?: string;
}

function codeChild(pre: AnyNode): AnyNode | undefined {
  return pre.children?.find((c) => c.type === 'element' && c.tagName === 'code');
}

function languageOf(code: AnyNode | undefined): string {
  const cls = code?.properties?.className;
  const list = Array.isArray(cls) ? cls.map(String) : typeof cls === 'string' ? cls.split(' ') : [];
  return list.find((c) => c.startsWith('language-'))?.slice('language-'.length) ?? '';
}

function textOf(node: AnyNode | undefined): string {
  if (!node) return '';
  if (node.type === 'text') return node.value ?? '';
  return (node.children ?? []).map(textOf).join('');
}

/** Numbers the python/sh fences in document order (`data-run-index` on the <pre>). */
function rehypeRunIndex() {
  return (tree: AnyNode) => {
    let n = 0;
    const walk = (node: AnyNode) => {
      if (node.type === 'element' && node.tagName === 'pre') {
        if (runnableLanguage(languageOf(codeChild(node))))
          node.properties = { ...node.properties, dataRunIndex: n++ };
        return;
      }
      node.children?.forEach(walk);
    };
    walk(tree);
  };
}

function ExternalLink({ href, children }: { href?: string; children?: ReactNode }) {
  if (!href || !/^https?:\/\//i.test(href)) return <span className="md-link-text">{children}</span>;
  return (
    <a
      href={href}
      title={href}
      rel="noreferrer noopener"
      onClick={(e) => {
        e.preventDefault();
        void api()
          .openExternal(href)
          .catch(() => undefined);
      }}
    >
      {children}
    </a>
  );
}

/** Wraps each traced claim's text in a `<span data-claim-index>` (drawn by ClaimMark). */
function rehypeClaims(claims: readonly AnswerClaim[]) {
  return () => (tree: HastRoot) =>
    markHast(tree, claims, (_claim, index, text) => ({
      type: 'element',
      tagName: 'span',
      properties: { dataClaimIndex: index },
      children: [{ type: 'text', value: text }],
    }));
}

const REMARK = [remarkGfm];
const REHYPE = [rehypeRunIndex];

export const Markdown = memo(function Markdown({
  content,
  renderCode,
  claims,
}: {
  content: string;
  renderCode: (fence: Fence) => ReactNode;
  /** The traced numbers of this message when it is a run's final answer: marked in place. */
  claims?: readonly AnswerClaim[];
}) {
  const rehype = useMemo(() => (claims?.length ? [rehypeRunIndex, rehypeClaims(claims)] : REHYPE), [claims]);
  const components = useMemo<Components>(
    () => ({
      pre: ({ node }) => {
        const pre = node as HastNode & AnyNode;
        const code = codeChild(pre);
        const runIndex = pre.properties?.dataRunIndex;
        return renderCode({
          language: languageOf(code),
          code: textOf(code).replace(/\n$/, ''),
          start: node?.position?.start.offset,
          end: node?.position?.end.offset,
          runIndex: typeof runIndex === 'number' ? runIndex : undefined,
        });
      },
      // inline code only: fenced code is replaced whole by `pre` above
      code: ({ children }) => (
        <code>{typeof children === 'string' ? <Visible text={children} /> : children}</code>
      ),
      a: ({ href, children }) => <ExternalLink href={href}>{children}</ExternalLink>,
      span: ({ node, children }) => {
        const index = (node as (HastNode & AnyNode) | undefined)?.properties?.dataClaimIndex;
        const claim = typeof index === 'number' ? claims?.[index] : undefined;
        return claim ? <ClaimMark claim={claim}>{children}</ClaimMark> : <span>{children}</span>;
      },
      img: ({ alt }) => <span className="md-image">[image{alt ? `: ${alt}` : ''}]</span>,
      table: ({ children }) => (
        <div className="md-table-wrap">
          <table>{children}</table>
        </div>
      ),
    }),
    [renderCode, claims],
  );
  return (
    <div className="markdown">
      <ReactMarkdown remarkPlugins={REMARK} rehypePlugins={rehype} components={components}>
        {content}
      </ReactMarkdown>
    </div>
  );
});
