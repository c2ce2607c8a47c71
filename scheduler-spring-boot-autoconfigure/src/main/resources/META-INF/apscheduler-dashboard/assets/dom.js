// Small helpers to build the page safely (text is never parsed as HTML).

import { currentSession } from './api.js';

/** Makes an element: h('td', {class: 'num'}, 'text', child, ...). */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.substring(2), value);
    else element.setAttribute(name, value === true ? '' : value);
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(element, child);
    else element.append(child instanceof Node ? child : String(child));
  }
}

/** Replaces the content of an element. */
export function fill(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

/** An instant as a date and time in the scheduler's zone, or a dash. */
export function time(instant) {
  if (!instant) return '–';
  const date = new Date(instant);
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: currentSession().timezone, year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
  }).formatToParts(date);
  const part = (type) => parts.find((p) => p.type === type)?.value;
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}:${part('second')}`;
}

/** How far an instant is from now, as "in 5 min" or "3 s ago". */
export function relative(instant) {
  if (!instant) return '';
  const seconds = Math.round((new Date(instant).getTime() - Date.now()) / 1000);
  const size = Math.abs(seconds);
  const text = size < 60 ? `${size} s` : size < 3600 ? `${Math.round(size / 60)} min`
    : size < 172800 ? `${Math.round(size / 3600)} h` : `${Math.round(size / 86400)} d`;
  return seconds >= 0 ? `in ${text}` : `${text} ago`;
}

/** A badge with a class of its own text. */
export function badge(text) {
  return text ? h('span', { class: `badge ${text}` }, text) : '–';
}

/** A duration in milliseconds as text. */
export function millis(value) {
  if (value === null || value === undefined) return '–';
  return value < 1000 ? `${value} ms` : `${(value / 1000).toFixed(value < 10000 ? 2 : 1)} s`;
}

/** An error box with the message. */
export function errorBox(error) {
  return h('div', { class: 'error', role: 'alert' }, error.message || String(error));
}
