// The dashboard's router: one page at a time, refreshed every few seconds without a reload.

import { loadSession } from './api.js';
import { errorBox, fill, h } from './dom.js';
import * as overview from './overview.js';
import * as jobs from './jobs.js';
import * as job from './job.js';
import * as schedule from './schedule.js';

const REFRESH_MILLIS = 3000;
const view = document.getElementById('view');
const live = document.getElementById('live');
let timer = null;
let current = null;

function route() {
  const [path, query] = location.hash.replace(/^#/, '').split('?');
  const params = new URLSearchParams(query || '');
  const parts = (path || '/').split('/').filter(Boolean);
  if (parts[0] === 'jobs') return ['jobs', () => jobs.mount(view, params)];
  if (parts[0] === 'job' && parts[1]) {
    const id = decodeURIComponent(parts.slice(1).join('/'));
    return ['jobs', () => job.mount(view, params, id)];
  }
  if (parts[0] === 'schedule') return ['schedule', () => schedule.mount(view, params)];
  return ['overview', () => overview.mount(view, params)];
}

async function refresh(page) {
  if (page !== current || !page.refresh) return;
  try {
    await page.refresh();
    if (page !== current) return;
    live.textContent = `Live · updated ${new Date().toLocaleTimeString()}`;
    live.classList.remove('stale');
  } catch (error) {
    if (page !== current) return;
    live.textContent = `Not updated: ${error.message}`;
    live.classList.add('stale');
    if (!view.dataset.loaded) fill(view, errorBox(error));
  }
  view.dataset.loaded = 'true';
}

function show() {
  clearInterval(timer);
  delete view.dataset.loaded;
  const [name, mount] = route();
  for (const link of document.querySelectorAll('header nav a')) {
    link.classList.toggle('active', link.dataset.page === name);
  }
  current = mount();
  const page = current;
  refresh(page);
  if (page.refresh) timer = setInterval(() => refresh(page), REFRESH_MILLIS);
  else live.textContent = '';
}

loadSession()
  .then(() => {
    window.addEventListener('hashchange', show);
    show();
  })
  .catch((error) => fill(view, h('h1', {}, 'The dashboard cannot start'), errorBox(error)));
