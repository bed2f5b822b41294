// The window: sidebar (conversations), the current view (welcome or a conversation), the status
// bar, and the settings dialog. Routing is plain state: there is one window and no URLs.
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import type { GrantedFile } from '../../../electron/shared/contract';
import { api } from '../platform/api';
import { DropOverlay, useFileDrop } from './file-drop';
import { SettingsProvider } from '../platform/settings-context';
import { onOpenSettings, SETTINGS_CLOSED_EVENT, type SettingsSection } from '../platform/settings-link';
import { ToastProvider, useToast } from '../platform/toast';
import { Sidebar } from '../sidebar/Sidebar';
import { StatusBar } from '../status/StatusBar';
import { Welcome } from '../welcome/Welcome';

// Loaded when first shown: the welcome screen does not carry the charts, Markdown and highlighting.
const ConversationView = lazy(() =>
  import('../conversation/ConversationView').then((m) => ({ default: m.ConversationView })),
);
const SettingsDialog = lazy(() =>
  import('../settings/SettingsDialog').then((m) => ({ default: m.SettingsDialog })),
);

type Route = { name: 'welcome' } | { name: 'conversation'; id: string };

export function App() {
  return (
    <ToastProvider>
      <SettingsProvider>
        <Shell />
      </SettingsProvider>
    </ToastProvider>
  );
}

function Shell() {
  const toast = useToast();
  const [route, setRoute] = useState<Route>({ name: 'welcome' });
  const [picked, setPicked] = useState<GrantedFile | null>(null);
  /** Conversation id → the file id it was started with (for the data preview). */
  const [fileIds, setFileIds] = useState<Record<string, string>>({});
  const [lastFileId, setLastFileId] = useState<string | null>(null);
  /** The settings dialog's section, or null when it is closed. */
  const [settingsAt, setSettingsAt] = useState<{ section: SettingsSection; n: number } | null>(null);
  const openSettingsAt = useCallback(
    (section: SettingsSection) => setSettingsAt((s) => ({ section, n: (s?.n ?? 0) + 1 })),
    [],
  );
  const closeSettings = useCallback(() => {
    setSettingsAt(null);
    window.dispatchEvent(new Event(SETTINGS_CLOSED_EVENT));
  }, []);
  const [sidebarOpen, setSidebarOpen] = useState(true);

  const pick = useCallback((file: GrantedFile) => {
    setPicked(file);
    if (!file.problem) setLastFileId(file.fileId);
    setRoute({ name: 'welcome' });
  }, []);
  const chooseFile = useCallback(async () => {
    const file = await toast.attempt(() => api().chooseFile(), 'Could not open the file');
    if (file) pick(file);
  }, [pick, toast]);
  const dragging = useFileDrop(pick);

  const openConversation = useCallback((id: string) => setRoute({ name: 'conversation', id }), []);
  const started = useCallback((id: string, fileId: string) => {
    setFileIds((m) => ({ ...m, [id]: fileId }));
    setLastFileId(fileId);
    setPicked(null);
    setRoute({ name: 'conversation', id });
  }, []);
  const newAnalysis = useCallback(() => setRoute({ name: 'welcome' }), []);
  const fileResolved = useCallback((id: string, fileId: string) => {
    setFileIds((m) => (m[id] === fileId ? m : { ...m, [id]: fileId }));
    setLastFileId(fileId);
  }, []);

  useEffect(() => {
    const offOpened = api().onFileOpened(({ conversationId }) => openConversation(conversationId));
    const offError = api().onAppError(({ message }) => toast.error(message));
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'o') {
        e.preventDefault();
        void chooseFile();
      }
    };
    window.addEventListener('keydown', onKey);
    // deep links into Settings (settings-link.ts): an error's "Open model settings", "Add key"
    const offSettings = onOpenSettings(openSettingsAt);
    return () => {
      offSettings();
      offOpened();
      offError();
      window.removeEventListener('keydown', onKey);
    };
  }, [chooseFile, openConversation, openSettingsAt, toast]);

  const currentId = route.name === 'conversation' ? route.id : null;
  return (
    <div className={`app ${sidebarOpen ? '' : 'sidebar-collapsed'}`}>
      <Sidebar
        open={sidebarOpen}
        onToggle={() => setSidebarOpen((o) => !o)}
        currentId={currentId}
        onOpen={openConversation}
        onNew={newAnalysis}
        onDeleted={(id) => id === currentId && newAnalysis()}
        onSettings={() => openSettingsAt('execution')}
      />
      <main className="main">
        <Suspense
          fallback={
            <p className="loading" role="status">
              Loading…
            </p>
          }
        >
          {route.name === 'welcome' ? (
            <Welcome file={picked} onPick={pick} onChooseFile={chooseFile} onStarted={started} />
          ) : (
            <ConversationView
              key={route.id}
              id={route.id}
              fileId={fileIds[route.id] ?? null}
              onFileResolved={fileResolved}
              onClosed={newAnalysis}
            />
          )}
        </Suspense>
      </main>
      <StatusBar conversationId={currentId} />
      {settingsAt && (
        <Suspense fallback={null}>
          <SettingsDialog
            fileId={lastFileId}
            section={settingsAt.section}
            sectionRequest={settingsAt.n}
            onClose={closeSettings}
          />
        </Suspense>
      )}
      {dragging && <DropOverlay />}
    </div>
  );
}
