/* app.js - the analyst page: screens a name with GET /v1/screen, shows each
 * match with its score bar and explanation, the full record of a clicked match
 * (GET /v1/entities/{id}), the listed parties a pasted text names (POST
 * /v1/scan) and the loaded lists (GET /v1/lists).  Text from the lists and
 * the user is always inserted as text (never as HTML). */
'use strict';

const $ = (id) => document.getElementById(id);

/* el('div', {class: 'x'}, child, 'text', ...) */
function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) {
    if (c === null || c === undefined) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

async function getJSON(url) {
  const r = await fetch(url, { headers: { Accept: 'application/json' } });
  let body = null;
  try { body = await r.json(); } catch (e) { /* not JSON */ }
  if (!r.ok) {
    const msg = body && body.error ? body.error.message : `HTTP ${r.status}`;
    throw new Error(msg);
  }
  return body;
}

function scoreBar(score, threshold, alert) {
  // sizes through the CSSOM: the page's CSP forbids style attributes
  const fill = el('span', { class: alert ? 'alert' : '' });
  fill.style.width = `${Math.round(score * 100)}%`;
  const mark = el('span', { class: 'mark' });
  mark.style.left = `${Math.round(threshold * 100)}%`;
  const bar = el('div', { class: 'bar', role: 'img', 'aria-label': `score ${score.toFixed(2)} of 1, threshold ${threshold.toFixed(2)}` },
    fill, mark);
  return el('div', { class: 'scorebar' }, bar, el('span', { class: 'score' }, score.toFixed(2)));
}

function explanation(m) {
  const x = m.explanation;
  if (!x) return null;
  const rows = (x.alignment || []).map((a) => el('tr', {},
    el('td', {}, a.query),
    el('td', { 'aria-hidden': 'true' }, '\u2192'),
    a.listed ? el('td', {}, a.listed) : el('td', { class: 'unmatched' }, 'unmatched'),
    el('td', { class: 'factor' }, `similarity ${a.similarity.toFixed(2)}`),
    el('td', { class: 'factor' }, `weight ${a.weight.toFixed(1)}`)));
  const align = rows.length ? el('table', { 'aria-label': 'token alignment' },
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'query'), el('th', {}, ''), el('th', { scope: 'col' }, 'listed'),
      el('th', {}, ''), el('th', {}, ''))), el('tbody', {}, ...rows)) : null;
  const factors = el('ul', { class: 'factors' }, ...(x.factors || []).map((f) =>
    el('li', {}, el('strong', {}, f.factor), ` ${f.value.toFixed(3)}: `, f.detail)));
  return el('div', { class: 'explain' },
    el('div', {}, 'Matched name: ', el('strong', {}, x.matched_name)), align, factors);
}

function renderResults(data, threshold) {
  const ol = $('results');
  ol.replaceChildren();
  $('detail').hidden = true;
  const alerts = data.matches.filter((m) => m.match).length;
  $('status').textContent = `${data.query}: ${alerts} alert${alerts === 1 ? '' : 's'}, ` +
    `${data.matches.length} candidate${data.matches.length === 1 ? '' : 's'} (threshold ${threshold.toFixed(2)})`;
  if (!data.matches.length) {
    ol.append(el('li', { class: 'meta empty' }, 'No candidates on the loaded lists.'));
    return;
  }
  for (const m of data.matches) {
    const facts = [m.source, m.source_id, m.schema];
    if (m.dob && m.dob.length) facts.push(`DOB ${m.dob.join(', ')}`);
    if (m.nationality && m.nationality.length) facts.push(m.nationality.join(', '));
    if (m.programs && m.programs.length) facts.push(m.programs.join(', '));
    const btn = el('button', { type: 'button', class: 'hit', 'aria-controls': 'detail', 'data-id': m.id },
      el('div', { class: 'hit-head' },
        el('span', { class: 'hit-name' }, m.name),
        el('span', { class: `badge ${m.match ? 'alert' : 'below'}` }, m.match ? 'ALERT' : 'below threshold')),
      el('div', { class: 'meta' }, facts.join(' \u00b7 ')),
      scoreBar(m.score, threshold, m.match));
    const li = el('li', {}, btn, explanation(m));
    btn.addEventListener('click', () => {
      for (const o of ol.children) o.classList.remove('selected');
      li.classList.add('selected');
      showEntity(m.id);
    });
    ol.append(li);
  }
}

function recordRow(label, value) {
  return el('tr', {}, el('th', { scope: 'row' }, label), el('td', {}, value));
}

async function showEntity(id) {
  const pane = $('detail');
  const body = $('detail-body');
  pane.hidden = false;
  body.replaceChildren(el('p', { class: 'muted' }, 'Loading\u2026'));
  let e;
  try { e = await getJSON(`/v1/entities/${encodeURIComponent(id)}`); }
  catch (err) { body.replaceChildren(el('p', { class: 'stale' }, err.message)); return; }
  const rows = [recordRow('Name', e.name), recordRow('Type', e.schema), recordRow('Source', `${e.source} ${e.source_id}`)];
  const names = el('ul', {}, ...(e.names || []).map((n) => el('li', {}, n.name, el('span', { class: 'meta' }, ` (${n.kind.replace('_', ' ')})`))));
  rows.push(recordRow('Names', names));
  for (const [k, vals] of Object.entries(e.attributes || {})) {
    const items = vals.map((v) => (typeof v === 'string' ? v : `${v.type}: ${v.value}`));
    rows.push(recordRow(k.replace('_', ' '), items.length > 1 ? el('ul', {}, ...items.map((t) => el('li', {}, t))) : items[0]));
  }
  const listings = el('ul', { id: 'listings' }, ...(e.listings || []).map((l) =>
    el('li', {}, el('strong', {}, l.source), ` ${l.source_id}: ${l.name}`)));
  body.replaceChildren(
    el('h3', {}, e.name),
    el('table', { class: 'record' }, el('tbody', {}, ...rows)),
    el('h3', {}, `Listings of this party (${(e.listings || []).length})`),
    listings);
  pane.scrollIntoView({ block: 'nearest' });
}

async function screen(ev) {
  if (ev) ev.preventDefault();
  const name = $('q').value.trim();
  if (!name) return;
  const threshold = parseFloat($('threshold').value);
  const p = new URLSearchParams({ name, threshold: threshold.toFixed(2), limit: '15' });
  for (const f of ['type', 'dob', 'country']) {
    const v = $(f).value.trim();
    if (v) p.set(f, v);
  }
  $('status').textContent = 'Screening\u2026';
  try {
    const data = await getJSON(`/v1/screen?${p}`);
    renderResults(data, threshold);
  } catch (err) {
    $('results').replaceChildren();
    $('status').textContent = `Error: ${err.message}`;
  }
}

/* The mentions of a scanned text: each in its context with the matched
 * party, its score and a button to its record.  The API's offsets are bytes
 * of the text's UTF-8: the text is cut as bytes, then decoded. */
function renderMentions(text, data) {
  const ol = $('mentions');
  ol.replaceChildren();
  const bytes = new TextEncoder().encode(text);
  const dec = new TextDecoder();
  const cut = (a, b) => dec.decode(bytes.subarray(Math.max(0, a), Math.min(bytes.length, b)));
  const n = data.mentions.length;
  $('scan-status').textContent = `${data.alerts} alert${data.alerts === 1 ? '' : 's'}, ` +
    `${n} mention${n === 1 ? '' : 's'} (threshold ${data.threshold.toFixed(2)})`;
  if (!n) {
    ol.append(el('li', { class: 'meta empty' }, 'No listed party named in this text.'));
    return;
  }
  for (const m of data.mentions) {
    // a cut word at either end of the context (perhaps a cut character) gives way to an ellipsis
    let before = cut(m.start - 60, m.start), after = cut(m.end, m.end + 60);
    if (m.start > 60) before = before.replace(/^\S*\s/, '\u2026');
    if (m.end + 60 < bytes.length) after = after.replace(/\s\S*$/, '\u2026');
    const btn = el('button', { type: 'button', class: 'hit', 'aria-controls': 'detail', 'data-id': m.id },
      el('div', { class: 'hit-head' },
        el('span', { class: 'hit-name' }, m.name),
        el('span', { class: `badge ${m.match ? 'alert' : 'below'}` }, m.match ? 'ALERT' : 'below threshold')),
      el('div', { class: 'meta' }, [m.source, m.source_id, m.schema, `matched name: ${m.matched_name}`].join(' \u00b7 ')),
      scoreBar(m.score, data.threshold, m.match));
    btn.addEventListener('click', () => showEntity(m.id));
    ol.append(el('li', { class: 'mention' },
      el('p', { class: 'context' }, before, el('mark', {}, m.text), after), btn));
  }
}

async function scanText(ev) {
  if (ev) ev.preventDefault();
  const text = $('scan-text').value;
  if (!text.trim()) return;
  $('scan-status').textContent = 'Scanning\u2026';
  try {
    const r = await fetch('/v1/scan', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ text, threshold: parseFloat($('threshold').value) }),
    });
    const data = await r.json();
    if (!r.ok) throw new Error(data && data.error ? data.error.message : `HTTP ${r.status}`);
    renderMentions(text, data);
  } catch (err) {
    $('mentions').replaceChildren();
    $('scan-status').textContent = `Error: ${err.message}`;
  }
}

async function loadLists() {
  try {
    const d = await getJSON('/v1/lists');
    const tb = $('lists-table').querySelector('tbody');
    tb.replaceChildren(...d.sources.map((s) => el('tr', {},
      el('td', {}, s.id), el('td', {}, s.as_of || 'unknown'),
      el('td', { class: s.age_days !== null && s.age_days > 90 ? 'stale' : '' }, s.age_days === null ? '-' : String(s.age_days)),
      el('td', {}, String(s.records)))));
    const total = d.sources.reduce((a, s) => a + s.records, 0);
    $('lists-summary').textContent = `${d.sources.length} lists, ${total.toLocaleString('en')} records loaded` +
      (d.warnings && d.warnings.length ? ` \u2014 ${d.warnings.length} older than 90 days` : '');
    $('index-version').textContent = `Index version ${d.index.version}, generation ${d.index.generation}, loaded ${d.index.loaded_at}`;
  } catch (err) {
    $('lists-summary').textContent = `Lists unavailable: ${err.message}`;
  }
}

document.addEventListener('DOMContentLoaded', () => {
  $('search').addEventListener('submit', screen);
  $('scan-form').addEventListener('submit', scanText);
  const t = $('threshold');
  t.addEventListener('input', () => { $('threshold-value').textContent = parseFloat(t.value).toFixed(2); });
  t.addEventListener('change', () => { if ($('q').value.trim()) screen(); });
  loadLists();
});
