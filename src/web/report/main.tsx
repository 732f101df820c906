import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './report.css';
import { LangProvider } from './lang';
import { ReportPage } from './ReportPage';
import { StatusPage } from './StatusPage';

/*
 * The light entry (report.html): the public report pages for phones on a mobile network, with
 * React and nothing else. The server sends report.html for /report and every /report/… path.
 */

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from report.html');
const isStatus = /^\/report\/status\/?$/.test(window.location.pathname);

createRoot(root).render(
  <StrictMode>
    <LangProvider>{isStatus ? <StatusPage /> : <ReportPage />}</LangProvider>
  </StrictMode>,
);
