// The jobs: one page at a time, filtered by store, state and text, by next run time.

import { api } from './api.js';
import { badge, fill, h, relative, time } from './dom.js';

/** Shows the job table in {@code view}; {@code params} may name a store. */
export function mount(view, params) {
  const state = { store: params.get('store') || '', state: '', q: '', offset: 0, limit: 50 };
  let generation = 0;
  const storeSelect = h('select', { id: 'filter-store', 'aria-label': 'Store' }, h('option', { value: '' }, 'All stores'));
  const stateSelect = h('select', { id: 'filter-state', 'aria-label': 'State' },
    h('option', { value: '' }, 'Scheduled and paused'), h('option', { value: 'scheduled' }, 'Scheduled'),
    h('option', { value: 'paused' }, 'Paused'));
  const text = h('input', { id: 'filter-text', type: 'search', placeholder: 'Filter by id, name or task' });
  const size = h('select', { id: 'page-size', 'aria-label': 'Page size' },
    [25, 50, 100, 250].map((n) => h('option', { value: n, selected: n === state.limit }, `${n} a page`)));
  const body = h('tbody');
  const pager = h('div', { class: 'pager' });
  const changed = () => { state.offset = 0; table.refresh(); };
  let typing;
  storeSelect.addEventListener('change', () => { state.store = storeSelect.value; changed(); });
  stateSelect.addEventListener('change', () => { state.state = stateSelect.value; changed(); });
  size.addEventListener('change', () => { state.limit = Number(size.value); changed(); });
  text.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(() => { state.q = text.value; changed(); }, 250);
  });
  fill(view, h('h1', {}, 'Jobs'), h('div', { class: 'toolbar' }, storeSelect, stateSelect, text, size),
    h('table', { id: 'jobs' }, h('thead', {}, h('tr', {},
      ['Id', 'Name', 'Store', 'Trigger', 'Next run', 'State', 'Last outcome'].map((t) => h('th', {}, t)))), body),
    pager);
  api('overview').then((overview) => {
    for (const alias of Object.keys(overview.stores)) {
      storeSelect.append(h('option', { value: alias, selected: alias === state.store }, alias));
    }
  }).catch(() => {
    // the store filter stays at "All stores"; the table's own refresh reports the problem
  });

  const table = {
    async refresh() {
      const mine = ++generation;
      const query = new URLSearchParams({ offset: state.offset, limit: state.limit });
      for (const key of ['store', 'state', 'q']) if (state[key]) query.set(key, state[key]);
      const page = await api('jobs?' + query);
      if (mine !== generation) return;
      fill(body, page.jobs.length === 0 ? h('tr', {}, h('td', { colspan: 7, class: 'muted' }, 'No jobs.')) : '',
        page.jobs.map((job) => h('tr', {
          class: 'clickable', 'data-job': job.id,
          onclick: () => { location.hash = `#/job/${encodeURIComponent(job.id)}`; },
        },
        h('td', {}, h('a', { href: `#/job/${encodeURIComponent(job.id)}` }, job.id)),
        h('td', {}, job.name), h('td', {}, job.store), h('td', {}, job.trigger),
        h('td', {}, time(job.nextRunTime), ' ', h('span', { class: 'muted' }, relative(job.nextRunTime))),
        h('td', { class: 'state' }, badge(job.paused ? 'paused' : 'scheduled')),
        h('td', {}, badge(job.lastOutcome)))));
      const last = page.offset + page.jobs.length;
      fill(pager,
        h('button', { class: 'secondary', id: 'prev', disabled: page.offset === 0,
          onclick: () => { state.offset = Math.max(0, state.offset - state.limit); table.refresh(); } }, '‹ Previous'),
        h('span', { id: 'range' }, page.jobs.length === 0 ? 'none'
          : `${page.offset + 1}–${last}` + (page.total !== null ? ` of ${page.total}` : page.hasMore ? ' and more' : '')),
        h('button', { class: 'secondary', id: 'next', disabled: !page.hasMore,
          onclick: () => { state.offset += state.limit; table.refresh(); } }, 'Next ›'));
    },
  };
  return table;
}
