// Base styles first: feature stylesheets (imported by their components) refine them.
import './shared/theme.css';
import './shared/base.css';
import './shared/chips.css';
import './app/app.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { hasApi } from './platform/api';

const root = document.getElementById('root');
if (root) {
  if (hasApi()) {
    createRoot(root).render(
      <StrictMode>
        <App />
      </StrictMode>,
    );
  } else {
    root.textContent = 'Plotwright’s window was opened without its bridge to the app (window.plotwright).';
  }
}
