// What the model may see of the data, with the exact text that would be sent for the last file.
// With the built-in analyst (no model), it says plainly that nothing is sent anywhere.
import { useEffect, useState } from 'react';
import type { Settings } from '../../../electron/model/settings';
import { api } from '../platform/api';
import { RadioCards } from './RadioCards';
import type { Save } from './save';
import { oneLine } from '../../../electron/model/text/one-line';
import { MAX_CELL_CHARS, MAX_SAMPLE_ROWS } from '../../../electron/model/data/sample-limits';

export function PrivacySection(props: { settings: Settings; save: Save; fileId: string | null }) {
  const { settings, save, fileId } = props;
  const builtin = settings.provider === 'builtin';
  const [brief, setBrief] = useState<{ text: string; error: boolean } | null>(null);
  useEffect(() => {
    if (!fileId) return;
    let live = true;
    api()
      .previewBrief(fileId, settings.privacy)
      .then(
        (text) => live && setBrief({ text, error: false }),
        (err: unknown) => live && setBrief({ text: oneLine(err), error: true }),
      );
    return () => {
      live = false;
    };
  }, [fileId, settings.privacy]);
  return (
    <section className="settings-section" aria-labelledby="settings-privacy">
      <h3 id="settings-privacy">Privacy</h3>
      <RadioCards
        name="privacy"
        legend="What the model may see of your data"
        value={settings.privacy}
        options={[
          {
            value: 'none',
            label: 'File name only',
            description: 'The name, a size class and how to load it.',
          },
          {
            value: 'schema',
            label: 'Schema',
            description: 'Plus the number of rows and each column’s name and type.',
          },
          {
            value: 'sample',
            label: 'Schema and sample',
            description: `Plus at most ${MAX_SAMPLE_ROWS} rows, cells cut to ${MAX_CELL_CHARS} characters.`,
          },
        ]}
        onChange={(privacy) => void save({ privacy })}
        compact
      />
      {builtin ? (
        <p className="privacy-nothing" role="note">
          No model is configured: the built-in analyst works on this computer, and nothing about your data is
          sent anywhere. If you choose a model, it would receive only what is shown below.
        </p>
      ) : (
        <p className="field-hint">
          The model never receives the whole file: only this and the output of the code it runs. The built-in
          analyst sends nothing anywhere.
        </p>
      )}
      {fileId ? (
        <div className="field">
          <span className="field-label" id="brief-title">
            {builtin
              ? 'What a model would receive about the last file'
              : 'Exactly what is sent about the last file'}
          </span>
          <pre
            className={`brief-preview ${brief?.error ? 'error-line' : ''}`}
            aria-labelledby="brief-title"
            tabIndex={0}
          >
            {brief ? brief.text : 'Loading…'}
          </pre>
        </div>
      ) : (
        <p className="field-hint">Open a data file to see exactly what would be sent.</p>
      )}
    </section>
  );
}
