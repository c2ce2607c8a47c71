// One job: its options, coming fire times and run history, and the write actions.

import { api, currentSession } from './api.js';
import { badge, errorBox, fill, h, millis, relative, time } from './dom.js';
import { fireTimeTable } from './fire-times.js';

function properties(job) {
  const rows = [
    ['Id', job.id], ['Name', job.name], ['Task', job.task],
    ['Task problem', job.taskProblem], ['Store', job.store], ['Executor', job.executor],
    ['Trigger', job.trigger], ['Trigger (as configured)', job.triggerText], ['Zone', job.zone],
    ['State', badge(job.paused ? 'paused' : 'scheduled')],
    ['Next run', job.nextRunTime ? `${time(job.nextRunTime)} (${relative(job.nextRunTime)})` : '–'],
    ['Misfire grace time', millis(job.misfireGraceTimeMillis)], ['Coalesce', job.coalesce ? 'yes' : 'no'],
    ['Runs', job.maxRuns === null ? `${job.runs}` : `${job.runs} of at most ${job.maxRuns}`],
    ['Instances running / max', `${job.runningInstances} / ${job.maxInstances}`],
    ['Arguments', `${job.arguments} positional` + (job.keywordArguments.length ? `; keywords ${job.keywordArguments.join(', ')}` : '')],
    ['Last run since start', job.lastRun ? [badge(job.lastRun.outcome), ' ', time(job.lastRun.reportedAt)] : '–'],
  ];
  return h('dl', { class: 'props', id: 'job-properties' },
    rows.filter(([, value]) => value !== null && value !== undefined)
      .map(([name, value]) => [h('dt', {}, name), h('dd', { 'data-field': name }, value)]));
}

function history(runs) {
  if (runs.length === 0) {
    return h('p', { class: 'muted', id: 'history' }, 'No runs recorded yet (or run history is off).');
  }
  return h('table', { id: 'history' },
    h('thead', {}, h('tr', {}, ['Fire time', 'Started', 'Duration', 'Outcome', 'Attempt', 'Node', 'Exception']
      .map((t) => h('th', {}, t)))),
    h('tbody', {}, runs.map((run) => h('tr', {},
      h('td', {}, time(run.fireTime)), h('td', {}, time(run.start)),
      h('td', { class: 'num' }, run.start ? millis(run.durationMillis) : '–'),
      h('td', {}, badge(run.outcome)), h('td', { class: 'num' }, run.attempt), h('td', {}, run.node || '–'),
      h('td', {}, run.exceptionClass ? h('details', {},
        h('summary', {}, `${run.exceptionClass}: ${run.exceptionMessage || ''}`),
        h('pre', { class: 'trace' }, run.stackTrace || '')) : '')))));
}

/** Shows the job {@code id} in {@code view}. */
export function mount(view, params, id) {
  const content = h('div', {}, h('p', { class: 'muted' }, 'Loading…'));
  const notice = h('div', { id: 'notice', 'aria-live': 'polite' });
  fill(view, h('p', {}, h('a', { href: '#/jobs' }, '‹ All jobs')), notice, content);
  let job = null;

  async function act(label, request) {
    try {
      const result = await request();
      fill(notice, h('p', { class: 'notice' }, label));
      if (result === 'deleted') {
        location.hash = '#/jobs';
        return;
      }
      await page.refresh();
    } catch (error) {
      fill(notice, errorBox(error));
    }
  }

  function actions() {
    if (currentSession().readOnly) return '';
    const path = `jobs/${encodeURIComponent(job.id)}`;
    return h('div', { class: 'actions' },
      job.paused
        ? h('button', { id: 'resume', onclick: () => act('Resumed.', () => api(`${path}/resume`, 'POST')) }, 'Resume')
        : h('button', { id: 'pause', onclick: () => act('Paused.', () => api(`${path}/pause`, 'POST')) }, 'Pause'),
      h('button', { id: 'run-now', onclick: () => act('Run started.', () => api(`${path}/run`, 'POST')) }, 'Run now'),
      h('button', { id: 'delete', class: 'danger', onclick: () => {
        if (window.confirm(`Delete job ${job.id}? This cannot be undone.`)) {
          act('Deleted.', async () => { await api(path, 'DELETE'); return 'deleted'; });
        }
      } }, 'Delete'));
  }

  const page = {
    async refresh() {
      job = await api(`jobs/${encodeURIComponent(id)}`);
      fill(content, h('h1', {}, job.name, ' ', h('span', { class: 'muted' }, `(${job.id})`)),
        actions(), properties(job),
        h('h2', {}, `Next fire times (${job.zone})`), fireTimeTable(job.nextFireTimes, 'fire-times'),
        h('h2', {}, 'Run history'), history(job.history));
    },
  };
  return page;
}
