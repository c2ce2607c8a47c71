// The overview: scheduler state, stores with their cluster nodes, thread pool, the last hour.

import { api } from './api.js';
import { badge, fill, h, millis, relative, time } from './dom.js';

function card(label, value, id) {
  return h('div', { class: 'card' }, h('div', { class: 'label' }, label),
    h('div', { class: 'value', 'data-field': id }, value));
}

function offsetMillis(duration) {
  // a Duration as ISO-8601, such as PT0.012S or PT-1.5S
  const match = /^PT(-?[\d.]+)S$/.exec(duration || '');
  return match ? Math.round(parseFloat(match[1]) * 1000) : null;
}

function stores(overview) {
  return h('table', { id: 'stores' },
    h('thead', {}, h('tr', {}, ['Store', 'Type', 'Persistent', 'Jobs', 'Next run', 'Problem']
      .map((title) => h('th', {}, title)))),
    h('tbody', {}, Object.entries(overview.stores).map(([alias, store]) => h('tr', {},
      h('td', {}, h('a', { href: `#/jobs?store=${encodeURIComponent(alias)}` }, alias)),
      h('td', {}, store.type.substring(store.type.lastIndexOf('.') + 1)),
      h('td', {}, store.persistent ? 'yes' : 'no'),
      h('td', { class: 'num' }, store.jobs ?? '–'),
      h('td', {}, time(store.nextRunTime), ' ', h('span', { class: 'muted' }, relative(store.nextRunTime))),
      h('td', {}, store.error ? h('span', { class: 'error' }, store.error) : '')))));
}

function clusters(overview) {
  const clustered = Object.entries(overview.stores).filter(([, store]) => store.cluster);
  if (clustered.length === 0) return h('p', { class: 'muted' }, 'No store runs in cluster mode.');
  return clustered.map(([alias, store]) => [
    h('p', {}, `Store ${alias}: this node is `, h('strong', {}, store.cluster.node),
      `; clock offset to the database ${millis(offsetMillis(store.cluster.clockOffset))}`,
      store.cluster.clockSkewed ? h('span', { class: 'badge ERROR' }, 'clock skewed') : ''),
    h('table', { class: 'nodes' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Node'), h('th', {}, 'Last heartbeat'))),
      h('tbody', {}, Object.entries(store.cluster.nodes).map(([node, beat]) => h('tr', {},
        h('td', {}, node, node === store.cluster.node ? h('span', { class: 'muted' }, ' (this node)') : ''),
        h('td', {}, time(beat), ' ', h('span', { class: 'muted' }, relative(beat))))))),
  ]);
}

/** Shows the overview in {@code view}. */
export function mount(view) {
  fill(view, h('h1', {}, 'Overview'), h('div', { id: 'overview' }, h('p', { class: 'muted' }, 'Loading…')));
  return {
    async refresh() {
      const overview = await api('overview');
      const pool = overview.threadPool;
      const hour = overview.lastHour;
      fill(view.querySelector('#overview'),
        h('div', { class: 'cards' },
          card('State', badge(overview.state), 'state'),
          card('Time zone', overview.timezone, 'timezone'),
          card('Jobs', overview.totalJobs, 'jobs'),
          card('Runs in flight', overview.runsInFlight, 'in-flight'),
          card('Threads active / alive / max', `${pool.activeThreads} / ${pool.poolSize} / ${pool.maxThreads}`, 'threads'),
          card('Queued runs', pool.queuedRuns, 'queued'),
          card('Runs, last hour', hour.runs, 'runs'),
          card('Errors, last hour', hour.errors, 'errors'),
          card('Misfires, last hour', hour.misfires, 'misfires')),
        h('h2', {}, 'Job stores'), stores(overview),
        h('h2', {}, 'Cluster nodes'), clusters(overview));
    },
  };
}
