// Entry point: take a local token from the URL fragment before anything renders (so it leaves the
// address bar at once), then render the app.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.js';
import { takeTokenFromUrl } from './auth/session.js';
import './styles.css';

takeTokenFromUrl();
// Also when a token URL is opened in a tab that already shows the console (a fragment-only navigation).
window.addEventListener('hashchange', () => takeTokenFromUrl());
const root = document.getElementById('root');
if (root === null) throw new Error('no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
