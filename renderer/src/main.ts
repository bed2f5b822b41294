// Renderer entry. The desktop UI (conversations, code, charts, settings) is built on this in the
// desktop-app work; until then it shows what the app is and points at the CLI, which is complete.
const root = document.getElementById('root');
if (root) {
  root.textContent = 'Plotwright — the desktop UI is not built yet; use `npx plotwright --help`.';
}
