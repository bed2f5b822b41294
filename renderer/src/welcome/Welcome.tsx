// The start: open a CSV (button, Ctrl/Cmd+O, drop anywhere, recent files), choose who analyses
// it, optionally ask a question, Start.
import { useState } from 'react';
import type { GrantedFile } from '../../../electron/shared/contract';
import { api } from '../platform/api';
import { useToast } from '../platform/toast';
import { Icon } from '../shared/icons';
import { AnalystChoice } from './AnalystChoice';
import { RecentFiles } from './RecentFiles';
import './welcome.css';
import { formatBytes } from '../../../electron/model/text/bytes';

interface WelcomeProps {
  file: GrantedFile | null;
  onPick: (file: GrantedFile) => void;
  onChooseFile: () => void;
  onStarted: (conversationId: string, fileId: string) => void;
}

const isMac = typeof navigator !== 'undefined' && /Mac/i.test(navigator.platform);
export const MOD_KEY = isMac ? '⌘' : 'Ctrl';

export function Welcome({ file, onPick, onChooseFile, onStarted }: WelcomeProps) {
  const toast = useToast();
  const [question, setQuestion] = useState('');
  const [starting, setStarting] = useState(false);

  /** The pick-time check found this file cannot be analysed (main's one line). */
  const problem = file?.problem ?? null;
  const start = async () => {
    if (!file || problem || starting) return;
    setStarting(true);
    const q = question.trim();
    const res = await toast.attempt(
      () => api().startConversation(q ? { fileId: file.fileId, question: q } : { fileId: file.fileId }),
      'Could not start the analysis',
    );
    setStarting(false);
    if (res) onStarted(res.id, file.fileId);
  };

  return (
    <div className="welcome">
      <div className="welcome-inner">
        <header className="welcome-head">
          <h1>Analyse a data file</h1>
          <p className="muted">
            An analyst writes pandas code about your CSV, runs it in a sandbox on this computer, reads the
            output and corrects itself. Your file is never changed.
          </p>
        </header>

        <section aria-label="Data file">
          {file ? (
            <div className={`file-card ${problem ? 'file-card-bad' : ''}`}>
              <span className="file-card-icon">
                <Icon name={problem ? 'alert' : 'file'} size={22} />
              </span>
              <div className="file-card-text">
                <div className="file-card-name">{file.name}</div>
                <div className="file-card-path" title={file.path}>
                  {formatBytes(file.size)} · {file.path}
                </div>
                {problem && (
                  <p className="file-card-problem" role="alert">
                    {problem}. Choose another file.
                  </p>
                )}
              </div>
              <button type="button" className={`btn ${problem ? 'btn-primary' : ''}`} onClick={onChooseFile}>
                {problem ? 'Choose another…' : 'Change…'}
              </button>
            </div>
          ) : (
            <div className="drop-zone">
              <Icon name="open" size={28} />
              <p className="drop-zone-title">Drop a CSV or TSV file anywhere in this window</p>
              <button type="button" className="btn btn-primary" onClick={onChooseFile}>
                Open a file…
              </button>
              <p className="faint">
                or press <kbd>{MOD_KEY}</kbd>+<kbd>O</kbd>
              </p>
            </div>
          )}
        </section>

        <RecentFiles current={file} onPick={onPick} />

        <AnalystChoice />

        <div className="field">
          <label className="field-label" htmlFor="welcome-question">
            Question <span className="faint">(optional)</span>
          </label>
          <textarea
            id="welcome-question"
            className="textarea"
            rows={2}
            placeholder="e.g. Which product brings in the most revenue, and is it growing?"
            value={question}
            maxLength={20_000}
            onChange={(e) => setQuestion(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
                e.preventDefault();
                void start();
              }
            }}
          />
        </div>

        <div className="welcome-actions">
          <button
            type="button"
            className="btn btn-primary btn-large"
            disabled={!file || problem !== null || starting}
            onClick={() => void start()}
          >
            {starting ? <span className="spinner" aria-hidden="true" /> : <Icon name="play" />}
            {starting ? 'Starting…' : 'Start analysis'}
          </button>
          {!file && <span className="faint">Open a file to start.</span>}
          {problem && <span className="faint">This file cannot be analysed.</span>}
        </div>
      </div>
    </div>
  );
}
