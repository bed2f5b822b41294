// Images the code saved and charts it emitted, under the block's output.
import { useEffect, useRef, useState } from 'react';
import type { ChartSpec } from '../../../electron/model/charts/spec';
import type { ExecResult } from '../../../electron/model/exec/types';
import { api } from '../platform/api';
import { ChartView } from '../charts/ChartView';
import { useConversationContext } from './context';
import { oneLine } from '../../../electron/model/text/one-line';

/** Data URLs already read: rows of the virtualized list mount again as they scroll by. */
const artifactCache = new Map<string, string>();

function ArtifactImage({ name }: { name: string }) {
  const { conversationId } = useConversationContext();
  const key = `${conversationId}/${name}`;
  const [src, setSrc] = useState(() => artifactCache.get(key) ?? null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (artifactCache.has(key)) return;
    let live = true;
    api()
      .readArtifact(conversationId, name)
      .then(
        (a) => {
          if (!a.mime.startsWith('image/') || !a.dataUrl.startsWith('data:image/'))
            throw new Error('not an image');
          artifactCache.set(key, a.dataUrl);
          if (live) setSrc(a.dataUrl);
        },
        (err: unknown) => live && setError(oneLine(err)),
      )
      .catch((err: unknown) => live && setError(oneLine(err)));
    return () => {
      live = false;
    };
  }, [conversationId, key, name]);
  const base = name.split('/').pop() ?? name;
  return (
    <figure className="artifact-image">
      {src ? (
        <img src={src} alt={`Image saved by the code: ${base}`} />
      ) : (
        <div className="artifact-placeholder faint">
          {error ? `Could not show ${base}: ${error}` : 'Loading image…'}
        </div>
      )}
      <figcaption className="faint">{base}</figcaption>
    </figure>
  );
}

/** How long a chart must stay in view before it is drawn (a fast scroll passes many). */
const SETTLE_MS = 60;

/** A chart of the log, drawn once it has stayed in view a moment (its frame keeps its size meanwhile). */
function LogChart({ spec }: { spec: ChartSpec }) {
  const ref = useRef<HTMLDivElement>(null);
  const [draw, setDraw] = useState(false);
  useEffect(() => {
    const el = ref.current;
    const root = el?.closest('[role="log"]') ?? null;
    if (!el || typeof IntersectionObserver === 'undefined') {
      setDraw(true);
      return;
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const io = new IntersectionObserver(
      ([e]) => {
        clearTimeout(timer);
        if (!e?.isIntersecting) return;
        timer = setTimeout(() => {
          setDraw(true);
          io.disconnect();
        }, SETTLE_MS);
      },
      { root, rootMargin: '100px 0px' },
    );
    io.observe(el);
    return () => {
      clearTimeout(timer);
      io.disconnect();
    };
  }, []);
  return (
    <div ref={ref}>
      <ChartView spec={spec} draw={draw} />
    </div>
  );
}

export function BlockMedia({ result }: { result: ExecResult }) {
  const images = result.artifacts.filter((a) => a.kind === 'image');
  const others = result.artifacts.filter((a) => a.kind !== 'image');
  if (images.length === 0 && result.charts.length === 0 && others.length === 0) return null;
  return (
    <div className="block-media">
      {result.charts.map((spec, i) => (
        <LogChart key={`c${i}`} spec={spec} />
      ))}
      {images.map((a) => (
        <ArtifactImage key={a.name} name={a.name} />
      ))}
      {others.length > 0 && (
        <p className="artifact-files faint">Files written: {others.map((a) => a.name).join(', ')}</p>
      )}
    </div>
  );
}
