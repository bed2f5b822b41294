import { useEffect, useState } from 'react';
import type { GrantedFile } from '../../../electron/shared/contract';
import { api } from '../platform/api';
import { useToast } from '../platform/toast';
import { Icon } from '../shared/icons';
import { formatBytes } from '../../../electron/model/text/bytes';

export function RecentFiles({
  current,
  onPick,
}: {
  current: GrantedFile | null;
  onPick: (f: GrantedFile) => void;
}) {
  const toast = useToast();
  const [files, setFiles] = useState<GrantedFile[]>([]);
  useEffect(() => {
    let live = true;
    void toast
      .attempt(() => api().recentFiles(), 'Could not list recent files')
      .then((f) => {
        if (live && f) setFiles(f);
      });
    return () => {
      live = false;
    };
  }, [toast]);
  const shown = files.filter((f) => f.path !== current?.path).slice(0, 5);
  if (shown.length === 0) return null;
  return (
    <section className="recent" aria-labelledby="recent-title">
      <h2 id="recent-title" className="section-title">
        Recent files
      </h2>
      <ul className="recent-list">
        {shown.map((f) => (
          <li key={f.fileId}>
            <button type="button" className="recent-item" onClick={() => onPick(f)} title={f.path}>
              <Icon name="file" />
              <span className="recent-name">{f.name}</span>
              <span className="recent-path">{f.path}</span>
              <span className="recent-size">{formatBytes(f.size)}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
