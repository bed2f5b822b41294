// Drag and drop of data files anywhere in the window: an overlay while dragging, then the
// dropped File objects go to `api.grantDroppedFiles` (the preload resolves their paths).
import { useEffect, useRef, useState } from 'react';
import type { GrantedFile } from '../../../electron/shared/contract';
import { api } from '../platform/api';
import { useToast } from '../platform/toast';
import { Icon } from '../shared/icons';

function hasFiles(e: DragEvent): boolean {
  return Array.from(e.dataTransfer?.types ?? []).includes('Files');
}

export function useFileDrop(onFile: (file: GrantedFile) => void): boolean {
  const toast = useToast();
  const [dragging, setDragging] = useState(false);
  const depth = useRef(0);
  const onFileRef = useRef(onFile);
  onFileRef.current = onFile;
  useEffect(() => {
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth.current += 1;
      setDragging(true);
    };
    const over = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const leave = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth.current = Math.max(0, depth.current - 1);
      if (depth.current === 0) setDragging(false);
    };
    const drop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth.current = 0;
      setDragging(false);
      const files = Array.from(e.dataTransfer?.files ?? []).slice(0, 20);
      if (files.length === 0) return;
      // The preload finds the files' paths (webUtils.getPathForFile).
      void toast
        .attempt(() => api().grantDroppedFiles(files), 'Could not open the dropped file')
        .then((granted) => {
          if (!granted) return;
          const first = granted[0];
          if (first) onFileRef.current(first);
          else toast.error('The dropped item is not a file Plotwright can read');
        });
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, [toast]);
  return dragging;
}

export function DropOverlay() {
  return (
    <div className="drop-overlay" aria-hidden="true">
      <div className="drop-overlay-card">
        <Icon name="file" size={32} />
        <p>Drop a CSV file to analyse it</p>
      </div>
    </div>
  );
}
