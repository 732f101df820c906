import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './report.css';
import { LangProvider } from './lang';
import { ExposurePage } from './ExposurePage';
import { ReportPage } from './ReportPage';
import { StatusPage } from './StatusPage';

/*
 * The light entry (report.html): the public report pages for phones on a mobile network, with
 * React and nothing else. The server sends report.html for /report, every /report/… path and
 * /exposure (曝光台, the published typical cases).
 */

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from report.html');
const { pathname } = window.location;
const page = /^\/exposure\/?$/.test(pathname) ? (
  <ExposurePage />
) : /^\/report\/status\/?$/.test(pathname) ? (
  <StatusPage />
) : (
  <ReportPage />
);

createRoot(root).render(
  <StrictMode>
    <LangProvider>{page}</LangProvider>
  </StrictMode>,
);
