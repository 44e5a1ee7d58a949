// Tern's dashboard: plain JavaScript, no libraries. The admin token typed into the login form is
// kept in sessionStorage (gone when the tab closes) and sent as a bearer header; never in a URL.
'use strict';

const ADMIN = '/api/v1/admin';
const TOKEN = 'tern.admin.token';
const KEY = 'tern.account.key';
const HISTORY = 120; // seconds of rates on the chart
const $ = (id) => document.getElementById(id);

let timer = null;
let previous = null;
const rates = { s: [], d: [], r: [] };

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  if (cls) e.className = cls;
  return e;
}

function row(cells) {
  const tr = el('tr');
  for (const c of cells) {
    const td = el('td');
    if (c instanceof Node) td.appendChild(c); else td.textContent = c === null || c === undefined ? '' : String(c);
    tr.appendChild(td);
  }
  return tr;
}

function fill(tbody, rows) {
  tbody.replaceChildren(...rows);
}

async function call(method, path, body, token, contentType) {
  const headers = { authorization: 'Bearer ' + token };
  if (body !== undefined) headers['content-type'] = contentType || 'application/json';
  const r = await fetch(path, { method, headers, body: body === undefined ? undefined
      : (contentType ? body : JSON.stringify(body)), cache: 'no-store' });
  const text = await r.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
  if (!r.ok) {
    const why = json && (json.detail || json.title) ? json.detail || json.title : r.status + ' ' + text;
    const err = new Error(why);
    err.status = r.status;
    throw err;
  }
  return json === null ? text : json;
}

function admin(method, path, body) {
  return call(method, ADMIN + path, body, sessionStorage.getItem(TOKEN)).catch((e) => {
    if (e.status === 401) logout('Your admin token was refused: ' + e.message);
    throw e;
  });
}

function account(method, path, body, contentType) {
  const key = $('account-key').value.trim();
  sessionStorage.setItem(KEY, key);
  if (!key) return Promise.reject(new Error('give an API key of the account first'));
  return call(method, '/api/v1' + path, body, key, contentType);
}

function shown(e) {
  $('error').textContent = e ? e.message : '';
}

// ------------------------------------------------------------------ login

async function login(ev) {
  ev.preventDefault();
  const token = $('token').value.trim();
  try {
    await call('GET', ADMIN + '/overview', undefined, token);
    sessionStorage.setItem(TOKEN, token);
    $('token').value = '';
    $('login-error').textContent = '';
    start();
  } catch (e) {
    $('login-error').textContent = e.status === 401 ? 'That admin token is not valid.' : e.message;
  }
}

function logout(why) {
  sessionStorage.removeItem(TOKEN);
  clearInterval(timer);
  timer = null;
  $('app').hidden = true;
  $('login').hidden = false;
  $('login-error').textContent = typeof why === 'string' ? why : '';
}

function start() {
  $('login').hidden = true;
  $('app').hidden = false;
  $('account-key').value = sessionStorage.getItem(KEY) || '';
  route();
}

function route() {
  const page = (location.hash || '#overview').substring(1);
  for (const s of document.querySelectorAll('.page')) s.hidden = s.id !== 'page-' + page;
  for (const a of document.querySelectorAll('nav a')) a.classList.toggle('active', a.dataset.page === page);
  clearInterval(timer);
  timer = null;
  shown(null);
  if (page === 'overview') { overview(); timer = setInterval(overview, 1000); }
  if (page === 'accounts') accounts();
  if (page === 'campaigns') { campaigns(); timer = setInterval(campaigns, 1000); }
  if (page === 'handsets') replies();
  if (page === 'audit') audit(0);
}

// ------------------------------------------------------------------ audit log

let oldestAudit = 0;

/** The audit log, 50 entries at a time, newest first; before = 0 starts from the newest. */
async function audit(before) {
  let list;
  try { list = await admin('GET', '/audit?limit=50' + (before > 0 ? '&before=' + before : '')); } catch (e) {
    shown(e); return;
  }
  const json = (v) => (v === null || v === undefined ? '' : JSON.stringify(v));
  const rows = list.map((e) => row([e.at, e.actor, e.action, e.subject, json(e.before), json(e.after)]));
  const body = $('audit').tBodies[0];
  if (before > 0) for (const r of rows) body.append(r); else fill(body, rows);
  if (list.length > 0) oldestAudit = list[list.length - 1].id;
  $('audit-older').hidden = list.length < 50;
}

// ------------------------------------------------------------------ overview

async function overview() {
  let o;
  try { o = await admin('GET', '/overview'); } catch (e) { shown(e); return; }
  shown(null);
  const now = Date.parse(o.at);
  if (previous && now > previous.t) {
    const dt = (now - previous.t) / 1000;
    push(rates.s, (o.submitted - previous.o.submitted) / dt);
    push(rates.d, (o.delivered - previous.o.delivered) / dt);
    push(rates.r, (o.receipts - previous.o.receipts) / dt);
    $('rate-submitted').textContent = Math.round(last(rates.s));
    $('rate-delivered').textContent = Math.round(last(rates.d));
    $('rate-receipts').textContent = Math.round(last(rates.r));
  }
  previous = { t: now, o };
  $('total-submitted').textContent = o.submitted;
  $('waiting').textContent = o.waiting;
  $('sessions').textContent = o.sessions;
  fill($('states').tBodies[0], Object.entries(o.messages).map(([k, v]) => row([k, v])));
  fill($('connectors').tBodies[0], o.connectors.map((c) => {
    const state = el('span', c.state, 'state-' + c.state);
    return row([c.name, state, c.bound + '/' + c.sessions, c.window_in_use, c.submitted, c.failed]);
  }));
  fill($('esme-sessions').tBodies[0], o.bound_sessions.map((b) => row([b.system_id, b.bind, b.remote,
    b.interface_version, b.window_in_use, b.address_range])));
  const errors = o.errors.map((e) => el('li', e.at + ' ' + e.source + ': ' + e.error
    + (e.cleared_at ? ' (cleared ' + e.cleared_at + ')' : '')));
  if (o.refused > 0) errors.push(el('li', o.refused + ' submits refused since start'));
  $('errors').replaceChildren(...(errors.length ? errors : [el('li', 'none')]));
  draw();
}

function push(series, v) {
  series.push(Math.max(0, v));
  if (series.length > HISTORY) series.shift();
}

function last(series) {
  return series.length ? series[series.length - 1] : 0;
}

function draw() {
  const svg = $('chart');
  const max = Math.max(1, ...rates.s, ...rates.d, ...rates.r);
  const lines = [];
  for (const k of ['s', 'd', 'r']) {
    const pts = rates[k].map((v, i) => (i * 600 / (HISTORY - 1)).toFixed(1) + ',' + (155 - v * 150 / max).toFixed(1));
    const p = document.createElementNS('http://www.w3.org/2000/svg', 'polyline');
    p.setAttribute('points', pts.join(' '));
    p.setAttribute('class', k);
    lines.push(p);
  }
  const label = document.createElementNS('http://www.w3.org/2000/svg', 'text');
  label.setAttribute('x', '4');
  label.setAttribute('y', '12');
  label.setAttribute('font-size', '11');
  label.textContent = Math.round(max) + '/s';
  svg.replaceChildren(label, ...lines);
}

// ------------------------------------------------------------------ accounts

async function accounts() {
  let list;
  try { list = await admin('GET', '/accounts'); } catch (e) { shown(e); return; }
  fill($('accounts').tBodies[0], list.map((a) => {
    const enabled = a.enabled !== false;
    const toggle = el('button', enabled ? 'Disable' : 'Enable');
    toggle.type = 'button';
    toggle.dataset.account = a.system_id;
    toggle.addEventListener('click', () => admin('POST', '/accounts/' + encodeURIComponent(a.system_id)
        + (enabled ? '/disable' : '/enable')).then(accounts, shown));
    const key = el('button', 'API key');
    key.type = 'button';
    key.addEventListener('click', () => admin('POST', '/accounts/' + encodeURIComponent(a.system_id) + '/api-keys',
        { label: 'dashboard' }).then((k) => {
      $('api-key-out').textContent = 'API key for ' + a.system_id + ' (shown once; usable within a second): '
          + k.token;
      $('account-key').value = k.token;
      sessionStorage.setItem(KEY, k.token);
    }, shown));
    const unbind = el('button', 'Unbind');
    unbind.type = 'button';
    unbind.dataset.unbind = a.system_id;
    unbind.addEventListener('click', () => admin('POST', '/accounts/' + encodeURIComponent(a.system_id) + '/unbind')
        .then((u) => {
          $('account-out').textContent = u.unbound_sessions + ' session(s) of ' + a.system_id
              + ' asked to unbind (it may bind again; Disable keeps it out)';
        }, shown));
    const actions = el('span');
    actions.append(toggle, ' ', unbind, ' ', key);
    return row([a.system_id, enabled ? 'yes' : 'no', a.max_binds, actions]);
  }));
}

async function createAccount(ev) {
  ev.preventDefault();
  const f = ev.target;
  try {
    await admin('POST', '/accounts', { system_id: f.system_id.value, password: f.password.value });
    f.reset();
    shown(null);
    accounts();
  } catch (e) { shown(e); }
}

// ------------------------------------------------------------------ campaigns

async function campaigns() {
  if (!$('account-key').value.trim()) return;
  let list;
  try { list = (await account('GET', '/campaigns?limit=20')).campaigns; } catch (e) { shown(e); return; }
  shown(null);
  const rows = [];
  for (const c of list) {
    let s;
    try { s = await account('GET', '/campaigns/' + c.id); } catch (e) { shown(e); return; }
    const finished = s.delivered + s.failed + s.expired + s.cancelled;
    const pct = s.done ? 100 : s.accepted ? Math.floor(finished * 100 / s.accepted) : 0;
    const bar = el('span');
    const outer = el('span', null, 'bar');
    const inner = el('div');
    inner.style.width = pct + '%';
    outer.appendChild(inner);
    bar.append(outer, ' ', el('span', pct + ' %', 'pct'));
    const rejected = el('button', s.rejected + ' rows');
    rejected.type = 'button';
    rejected.disabled = s.rejected === 0;
    rejected.addEventListener('click', () => downloadRejected(s.id));
    rows.push(row([s.id, s.state, bar, 'sent ' + s.sent + ', delivered ' + s.delivered + ', failed ' + s.failed
        + ', pending ' + s.pending + ' of ' + s.accepted, rejected]));
  }
  fill($('campaigns').tBodies[0], rows);
}

async function downloadRejected(id) {
  try {
    const csv = await account('GET', '/campaigns/' + id + '/rejected');
    const a = el('a');
    a.href = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
    a.download = 'campaign-' + id + '-rejected.csv';
    document.body.appendChild(a);
    a.click();
    a.remove();
  } catch (e) { shown(e); }
}

async function upload(ev) {
  ev.preventDefault();
  const file = $('campaign-file').files[0];
  const q = new URLSearchParams({ from: $('campaign-from').value, template: $('campaign-template').value,
    rate: $('campaign-rate').value });
  try {
    await account('POST', '/campaigns?' + q, file, 'text/csv');
    shown(null);
    campaigns();
  } catch (e) { shown(e); }
}

// ------------------------------------------------------------------ messages

async function search(ev) {
  ev.preventDefault();
  const q = new URLSearchParams();
  for (const [name, id] of [['id', 'search-id'], ['number', 'search-number'], ['from', 'search-from'],
      ['to', 'search-to']]) {
    if ($(id).value.trim()) q.set(name, $(id).value.trim());
  }
  let found;
  try { found = await admin('GET', '/messages?' + q); } catch (e) { shown(e); return; }
  shown(null);
  const out = found.map((m) => {
    const d = el('div', null, 'message');
    d.append(el('h3', m.id), el('p', m.account + ': ' + m.from + ' \u2192 ' + m.to + ' via ' + m.target + ', '
        + m.state + ', submitted ' + m.submitted_at + (m.final_at ? ', final ' + m.final_at : '')));
    const t = el('table', null, 'history');
    t.appendChild(row(['attempt', 'at', 'error']));
    for (const a of m.attempts) t.appendChild(row([a.event, a.at, a.error_code || '']));
    for (const r of m.receipts) t.appendChild(row(['receipt ' + r.event, r.at, r.error_code || '']));
    d.append(t, el('p', 'receipt: ' + m.receipt_state, 'receipt'));
    return d;
  });
  $('results').replaceChildren(...(out.length ? out : [el('p', 'no message found')]));
}

// ------------------------------------------------------------------ handsets

async function flipRange(ev) {
  ev.preventDefault();
  const present = ev.submitter ? ev.submitter.dataset.present === 'true' : false;
  try {
    const r = await admin('PUT', '/handset-ranges', { pattern: $('range-pattern').value.trim(), present });
    $('handset-state').textContent = r.pattern + ' is now ' + (r.present ? 'present' : 'absent');
    shown(null);
  } catch (e) { shown(e); }
}

async function lookUp(ev) {
  ev.preventDefault();
  try {
    const h = await admin('GET', '/handsets/' + encodeURIComponent($('handset-number').value.trim()));
    $('handset-state').textContent = h.msisdn + ' is ' + (h.present ? 'present' : 'absent') + ' (range '
        + h.range + ', ' + h.behaviour
        + (h.reply ? ', answers ' + h.reply.text + ' with probability ' + h.reply.probability : '') + ')';
    shown(null);
  } catch (e) { shown(e); }
}

async function sendMo(ev) {
  ev.preventDefault();
  try {
    const r = await admin('POST', '/handsets/' + encodeURIComponent($('mo-from').value.trim()) + '/mo',
        { to: $('mo-to').value.trim(), text: $('mo-text').value });
    $('mo-out').textContent = 'stored as ' + r.id;
    shown(null);
  } catch (e) { shown(e); }
}

async function replies() {
  try {
    const list = await admin('GET', '/handset-replies');
    fill($('replies').tBodies[0], list.map((r) => {
      const remove = el('button', 'Remove');
      remove.addEventListener('click', () => removeReply(r.pattern));
      return row([r.pattern, r.text, r.probability, remove]);
    }));
  } catch (e) { shown(e); }
}

async function setReply(ev) {
  ev.preventDefault();
  const text = $('reply-probability').value.trim();
  try {
    await admin('PUT', '/handset-replies', { pattern: $('reply-pattern').value.trim(), text: $('reply-text').value,
      probability: text === '' ? null : Number(text) });
    shown(null);
    replies();
  } catch (e) { shown(e); }
}

async function removeReply(pattern) {
  try {
    await admin('DELETE', '/handset-replies/' + encodeURIComponent(pattern));
    shown(null);
    replies();
  } catch (e) { shown(e); }
}

document.addEventListener('DOMContentLoaded', () => {
  $('login-form').addEventListener('submit', login);
  $('logout').addEventListener('click', () => logout());
  $('account-form').addEventListener('submit', createAccount);
  $('campaign-form').addEventListener('submit', upload);
  $('search-form').addEventListener('submit', search);
  $('range-form').addEventListener('submit', flipRange);
  $('handset-form').addEventListener('submit', lookUp);
  $('mo-form').addEventListener('submit', sendMo);
  $('reply-form').addEventListener('submit', setReply);
  $('audit-older').addEventListener('click', () => audit(oldestAudit));
  window.addEventListener('hashchange', () => { if (sessionStorage.getItem(TOKEN)) route(); });
  if (sessionStorage.getItem(TOKEN)) start(); else logout();
});
