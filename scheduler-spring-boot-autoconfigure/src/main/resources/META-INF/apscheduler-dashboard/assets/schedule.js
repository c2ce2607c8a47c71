// "Try a schedule": cron fields, a crontab line or an interval in a zone, and its next fire times.

import { api, currentSession } from './api.js';
import { errorBox, fill, h } from './dom.js';
import { fireTimeTable } from './fire-times.js';

const FIELDS = ['second', 'minute', 'hour', 'day', 'month', 'day_of_week', 'week', 'year'];

/** Shows the schedule box in {@code view}, filled from {@code params} where they say. */
export function mount(view, params) {
  const mode = h('select', { id: 'mode', 'aria-label': 'Kind of schedule' },
    h('option', { value: 'fields' }, 'Cron fields'), h('option', { value: 'crontab' }, 'Crontab line'),
    h('option', { value: 'interval' }, 'Interval'));
  const inputs = Object.fromEntries(FIELDS.map((name) => [name, h('input', {
    id: `field-${name}`, name, placeholder: name === 'second' ? '0' : '*', size: 6,
  })]));
  inputs.minute.value = '*/15';
  inputs.hour.value = '9-17';
  inputs.day_of_week.value = 'mon-fri';
  const crontab = h('input', { id: 'crontab', size: 30, value: '*/5 9-17 * * mon-fri', placeholder: 'minute hour day month day_of_week' });
  const interval = h('input', { id: 'interval', size: 12, value: '90m', placeholder: '30s, 15m, PT1H30M' });
  const zoneNames = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  const zone = h('input', { id: 'zone', list: 'zones', value: currentSession().timezone, size: 22 });
  const count = h('input', { id: 'count', type: 'number', min: 1, max: 100, value: 10, size: 4 });
  const fields = h('div', { class: 'fields' }, FIELDS.map((name) => h('label', {}, name.replaceAll('_', ' '), inputs[name])));
  const line = h('div', { class: 'stack' }, h('label', {}, 'Crontab line', crontab));
  const every = h('div', { class: 'stack' }, h('label', {}, 'Every', interval));
  const result = h('div', { id: 'schedule-result' });
  // a link may carry the schedule: #/schedule?crontab=0 9 1 * *&zone=Europe/Berlin
  for (const name of FIELDS) if (params.has(name)) { inputs[name].value = params.get(name); }
  if (params.has('crontab')) { crontab.value = params.get('crontab'); mode.value = 'crontab'; }
  if (params.has('interval')) { interval.value = params.get('interval'); mode.value = 'interval'; }
  if (params.has('zone')) zone.value = params.get('zone');
  if (params.has('count')) count.value = params.get('count');
  let timer;

  function show() {
    fields.hidden = mode.value !== 'fields';
    line.hidden = mode.value !== 'crontab';
    every.hidden = mode.value !== 'interval';
  }

  async function preview() {
    const query = new URLSearchParams({ zone: zone.value, count: count.value || '10' });
    if (mode.value === 'crontab') query.set('crontab', crontab.value);
    else if (mode.value === 'interval') query.set('interval', interval.value);
    else for (const name of FIELDS) if (inputs[name].value.trim()) query.set(name, inputs[name].value);
    try {
      const answer = await api('schedule?' + query);
      if (answer.error) {
        fill(result, errorBox(new Error(answer.error)));
      } else {
        fill(result, h('p', { id: 'schedule-words' }, h('strong', {}, answer.trigger)),
          fireTimeTable(answer.fireTimes, 'schedule-times'));
      }
    } catch (error) {
      fill(result, errorBox(error));
    }
  }

  const later = () => { clearTimeout(timer); timer = setTimeout(preview, 300); };
  for (const input of [...Object.values(inputs), crontab, interval, zone, count]) input.addEventListener('input', later);
  mode.addEventListener('change', () => { show(); preview(); });
  fill(view, h('h1', {}, 'Try a schedule'),
    h('p', { class: 'muted' }, 'Type cron fields, a crontab line or an interval and pick a zone to see when it would fire.'),
    h('div', { class: 'stack' }, h('label', {}, 'Kind', mode), h('label', {}, 'Zone', zone),
      h('label', {}, 'Fire times', count), h('button', { id: 'try', onclick: preview }, 'Show fire times')),
    h('datalist', { id: 'zones' }, zoneNames.map((name) => h('option', { value: name }))),
    fields, line, every, result);
  show();
  preview();
  return { refresh: null };
}
