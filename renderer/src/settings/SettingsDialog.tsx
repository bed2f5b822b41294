// Settings: code execution, the model, privacy, appearance. A side list names the sections and
// jumps to each (arrow keys move along it); the one being read is marked as it scrolls, and a
// shadow at the bottom says more is below. `section` (a deep link, platform/settings-link.ts) opens
// the dialog at that section. Every change is saved at once through `api.updateSettings`; a
// refused change is explained in one line.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { useSettings } from '../platform/settings-context';
import { SETTINGS_SECTIONS, type SettingsSection } from '../platform/settings-link';
import { Dialog } from '../shared/Dialog';
import { ExecutionSection } from './ExecutionSection';
import { ModelSection } from './ModelSection';
import { PrivacySection } from './PrivacySection';
import { RadioCards } from './RadioCards';
import type { Save } from './save';
import './settings.css';

const sectionEl = (id: SettingsSection) => document.getElementById(`settings-${id}`)?.closest('section');

interface SettingsDialogProps {
  fileId: string | null;
  onClose: () => void;
  /** Where to open (and jump to again whenever `sectionRequest` changes). */
  section?: SettingsSection;
  sectionRequest?: number;
}

export function SettingsDialog({
  fileId,
  onClose,
  section = 'execution',
  sectionRequest = 0,
}: SettingsDialogProps) {
  const { settings, update } = useSettings();
  const [error, setError] = useState<string | null>(null);
  const [current, setCurrent] = useState<SettingsSection>(section);
  const [moreBelow, setMoreBelow] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const navRef = useRef<HTMLElement>(null);
  /**
   * The section jumped to, kept at the top while the sections above it still load and grow,
   * until the user scrolls (wheel, keys, touch, the scrollbar) themselves.
   */
  const pinned = useRef<SettingsSection | null>(null);
  const save = useCallback<Save>(
    async (patch, confirm) => {
      const problem = await update(patch, confirm);
      setError(problem);
      return problem === null;
    },
    [update],
  );

  const scroller = () => rootRef.current?.closest<HTMLElement>('.dialog-body') ?? null;

  const measure = useCallback(() => {
    const box = scroller();
    if (!box) return;
    setMoreBelow(box.scrollTop + box.clientHeight < box.scrollHeight - 4);
    if (pinned.current) return;
    const top = box.getBoundingClientRect().top;
    let seen: SettingsSection = 'execution';
    for (const s of SETTINGS_SECTIONS) {
      const el = sectionEl(s.id);
      if (el && el.getBoundingClientRect().top - top <= 48) seen = s.id;
    }
    setCurrent(seen);
  }, []);

  const scrollTo = useCallback((id: SettingsSection) => {
    const box = scroller();
    const el = sectionEl(id);
    if (!box || !el) return;
    box.scrollTop = Math.min(
      box.scrollHeight - box.clientHeight,
      box.scrollTop + el.getBoundingClientRect().top - box.getBoundingClientRect().top - 8,
    );
  }, []);

  const jump = useCallback(
    (id: SettingsSection) => {
      pinned.current = id;
      setCurrent(id);
      scrollTo(id);
    },
    [scrollTo],
  );

  useEffect(() => {
    const box = scroller();
    const root = rootRef.current;
    if (!box || !root) return;
    const release = () => {
      pinned.current = null;
    };
    box.addEventListener('scroll', measure, { passive: true });
    for (const type of ['wheel', 'touchstart', 'pointerdown'] as const)
      box.addEventListener(type, release, { passive: true });
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (!navRef.current?.contains(e.target as Node)) release();
    };
    box.addEventListener('keydown', onKey);
    const resize = new ResizeObserver(() => {
      if (pinned.current) scrollTo(pinned.current);
      setMoreBelow(box.scrollTop + box.clientHeight < box.scrollHeight - 4);
    });
    resize.observe(box);
    resize.observe(root);
    for (const section of root.querySelectorAll('.settings-section')) resize.observe(section);
    return () => {
      box.removeEventListener('scroll', measure);
      for (const type of ['wheel', 'touchstart', 'pointerdown'] as const)
        box.removeEventListener(type, release);
      box.removeEventListener('keydown', onKey);
      resize.disconnect();
    };
  }, [measure, scrollTo]);

  // open at the section asked for (a deep link), and again at each new request
  useEffect(() => {
    jump(section);
    if (section !== 'execution' || sectionRequest > 1)
      navRef.current?.querySelector<HTMLElement>(`[data-section="${section}"]`)?.focus();
  }, [section, sectionRequest, jump]);

  const onNavKey = (e: KeyboardEvent) => {
    const focused = (e.target as HTMLElement).dataset.section ?? current;
    const at = SETTINGS_SECTIONS.findIndex((s) => s.id === focused);
    const to =
      e.key === 'ArrowDown'
        ? at + 1
        : e.key === 'ArrowUp'
          ? at - 1
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? -1
              : null;
    if (to === null) return;
    e.preventDefault();
    const next = SETTINGS_SECTIONS.at(
      to === -1 ? -1 : Math.max(0, Math.min(SETTINGS_SECTIONS.length - 1, to)),
    )!;
    jump(next.id);
    navRef.current?.querySelector<HTMLElement>(`[data-section="${next.id}"]`)?.focus();
  };

  return (
    <Dialog
      title="Settings"
      size="large"
      onClose={onClose}
      footer={
        <div className="settings-footer">
          <p className="error-line settings-error" role="alert">
            {error ? `Not saved: ${error}` : ''}
          </p>
          <button type="button" className="btn btn-primary" onClick={onClose}>
            Done
          </button>
        </div>
      }
    >
      <div ref={rootRef} className="settings-layout">
        <nav ref={navRef} className="settings-nav" aria-label="Settings sections" onKeyDown={onNavKey}>
          {SETTINGS_SECTIONS.map((s) => (
            <button
              key={s.id}
              type="button"
              data-section={s.id}
              className="settings-nav-item"
              aria-current={current === s.id ? 'true' : undefined}
              tabIndex={current === s.id ? 0 : -1}
              onClick={() => jump(s.id)}
            >
              {s.label}
            </button>
          ))}
        </nav>
        <div className="settings">
          <ExecutionSection settings={settings} save={save} />
          <ModelSection settings={settings} save={save} />
          <PrivacySection settings={settings} save={save} fileId={fileId} />
          <section className="settings-section" aria-labelledby="settings-appearance">
            <h3 id="settings-appearance">Appearance</h3>
            <RadioCards
              name="theme"
              legend="Theme"
              value={settings.theme}
              options={[
                { value: 'system', label: 'System', description: 'Follow the operating system.' },
                { value: 'light', label: 'Light' },
                { value: 'dark', label: 'Dark' },
              ]}
              onChange={(theme) => void save({ theme })}
              compact
            />
          </section>
        </div>
        <div className={`settings-more ${moreBelow ? 'shown' : ''}`} aria-hidden="true" />
      </div>
    </Dialog>
  );
}
