// A table of fire times, with the daylight saving time changes marked.

import { h } from './dom.js';

/** The fire times as a table; an offset change since the previous one is marked. */
export function fireTimeTable(fireTimes, id) {
  if (fireTimes.length === 0) return h('p', { class: 'muted', id }, 'No coming fire times.');
  return h('table', { id },
    h('thead', {}, h('tr', {}, ['#', 'Fire time', 'Offset', ''].map((t) => h('th', {}, t)))),
    h('tbody', {}, fireTimes.map((fire, i) => h('tr', {},
      h('td', { class: 'num' }, i + 1), h('td', {}, fire.local), h('td', {}, fire.offset),
      h('td', {}, fire.offsetChanged
        ? h('span', { class: 'dst', title: 'The zone\'s offset changes before this fire time' }, 'DST change')
        : '')))));
}
