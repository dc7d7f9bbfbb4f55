// emergo dashboard: a single-page app over the read-only JSON API at
// /api/v1. Hash routes:
//   #/                     studies
//   #/study/{id}           a study's tasks (live while any is pending or running)
//   #/study/{id}/report    its HTML report
//   #/study/{id}/spec      its spec
//   #/task/{key}           one task
// Everything is built with DOM calls (no innerHTML), so stored text is
// never interpreted as markup.
'use strict';

(() => {
  const POLL_MS = 2000;
  const STATUSES = ['pending', 'running', 'done', 'failed'];
  const app = document.getElementById('app');

  // page is the controller of the page on screen; leaving it stops its
  // polling and makes its pending requests render nothing.
  let page = null;
  // lastStudy is the study last shown, for the task page's breadcrumbs.
  let lastStudy = null;
  // filters remembers each study's task filters across tabs.
  const filters = new Map();

  // ---- API ----

  class ApiError extends Error {
    constructor(kind, message) {
      super(message);
      this.kind = kind;
    }
  }

  async function api(path) {
    let res;
    try {
      res = await fetch('/api/v1' + path, { headers: { Accept: 'application/json' }, cache: 'no-store' });
    } catch (e) {
      throw new ApiError('network', 'cannot reach the emergo server (is `emergo serve` still running?)');
    }
    let body;
    try {
      body = await res.json();
    } catch (e) {
      throw new ApiError('internal', `the server answered ${res.status} ${res.statusText} without JSON`);
    }
    if (body && body.status === 'success') return body.data;
    const err = (body && body.error) || {};
    throw new ApiError(err.kind || 'internal', err.message || `the server answered ${res.status} ${res.statusText}`);
  }

  // info is the server's version answer: {version, go, report}.
  const info = api('/version').catch(() => ({ version: '', go: '', report: true }));
  info.then((v) => {
    if (v.version) document.getElementById('server-version').textContent = emergoVersion(v.version);
  });

  // ---- DOM helpers ----

  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v == null || v === false) continue;
      if (k === 'class') el.className = v;
      else if (k === 'text') el.textContent = v;
      else if (k === 'dataset') Object.assign(el.dataset, v);
      else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v === true ? '' : String(v));
    }
    add(el, children);
    return el;
  }

  function add(el, children) {
    for (const c of children.flat(Infinity)) {
      if (c == null || c === false) continue;
      el.append(c instanceof Node ? c : String(c));
    }
  }

  function render(p, ...nodes) {
    if (p.alive) app.replaceChildren(...nodes.flat(Infinity).filter((n) => n != null && n !== false));
  }

  const enc = encodeURIComponent;

  function badge(status) {
    return h('span', { class: 'badge ' + status, text: status });
  }

  function crumbs(...items) {
    const el = h('nav', { class: 'crumbs', 'aria-label': 'breadcrumbs' });
    items.forEach((it, i) => {
      if (i > 0) el.append(h('span', { class: 'sep', text: '›' }));
      el.append(it.href ? h('a', { href: it.href, text: it.text }) : h('span', { text: it.text }));
    });
    return el;
  }

  function errorView(err, extra) {
    return h('div', { class: 'alert', role: 'alert' },
      h('strong', { text: 'Error: ' }), err.message || String(err),
      extra ? h('div', { class: 'small muted' }, extra) : null);
  }

  function progressBar(c, big) {
    const bar = h('div', { class: 'progress' + (big ? ' big' : ''), role: 'progressbar', 'aria-valuemin': 0 });
    const done = h('span', { class: 'seg-done' });
    const failed = h('span', { class: 'seg-failed' });
    const running = h('span', { class: 'seg-running' });
    bar.append(done, failed, running);
    bar.update = (c) => {
      const total = c.tasks || 0;
      const pct = (n) => (total > 0 ? (100 * n) / total : 0) + '%';
      done.style.width = pct(c.done);
      failed.style.width = pct(c.failed);
      running.style.width = pct(c.running);
      bar.setAttribute('aria-valuemax', total);
      bar.setAttribute('aria-valuenow', c.done + c.failed);
      bar.title = `${c.done} done, ${c.failed} failed, ${c.running} running, ${c.pending} pending of ${total}`;
    };
    bar.update(c);
    return bar;
  }

  function liveIndicator() {
    const text = h('span');
    const el = h('span', { class: 'live' }, h('span', { class: 'dot' }), text);
    el.set = (state, msg) => {
      el.className = 'live ' + state;
      text.textContent = msg;
    };
    return el;
  }

  // ---- formatting ----

  const pad = (n) => String(n).padStart(2, '0');

  function fmtTime(s) {
    if (!s) return '—';
    const d = new Date(s);
    if (isNaN(d)) return String(s);
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  }

  function fmtAgo(s) {
    const d = new Date(s);
    const sec = (Date.now() - d.getTime()) / 1000;
    if (!s || !isFinite(sec)) return '—';
    if (sec < 10) return 'just now';
    if (sec < 60) return `${Math.floor(sec)} s ago`;
    if (sec < 3600) return `${Math.floor(sec / 60)} min ago`;
    if (sec < 86400) return `${Math.floor(sec / 3600)} h ago`;
    if (sec < 30 * 86400) return `${Math.floor(sec / 86400)} d ago`;
    return fmtTime(s).slice(0, 10);
  }

  function fmtSeconds(v) {
    if (v == null || !isFinite(v)) return '—';
    if (v < 10) return v.toFixed(2) + ' s';
    if (v < 60) return v.toFixed(1) + ' s';
    if (v < 3600) return `${Math.floor(v / 60)} min ${Math.floor(v % 60)} s`;
    if (v < 86400) return `${Math.floor(v / 3600)} h ${pad(Math.floor((v % 3600) / 60))} min`;
    return `${Math.floor(v / 86400)} d ${Math.floor((v % 86400) / 3600)} h`;
  }

  // taskTime is a task's wall time: the last run's, or the time so far
  // while it runs.
  function taskTime(t) {
    if (t.status === 'running' && t.started) {
      const sec = (Date.now() - new Date(t.started).getTime()) / 1000;
      return isFinite(sec) && sec >= 0 ? fmtSeconds(sec) + '…' : '…';
    }
    if (t.status === 'pending') return '—';
    return fmtSeconds(t.seconds);
  }

  function fmtNum(v) {
    if (v == null) return '—';
    if (v === 0) return '0';
    if (Number.isInteger(v) && Math.abs(v) < 1e9) return String(v);
    return String(Number(v.toPrecision(4)));
  }

  function fmtBytes(n) {
    if (n < 1024) return n + ' B';
    const units = ['kB', 'MB', 'GB', 'TB'];
    let v = n;
    let i = -1;
    do {
      v /= 1024;
      i++;
    } while (v >= 1024 && i < units.length - 1);
    return (v < 10 ? v.toFixed(1) : Math.round(v)) + ' ' + units[i];
  }

  const shortID = (id) => (id || '').slice(0, 12);

  // emergoVersion names a version ("v0.1.0" or the long "emergo v0.1.0
  // (rev, go1.26, linux/amd64)" that studies record) as "emergo v0.1.0...".
  function emergoVersion(v) {
    return /^emergo\b/.test(v) ? v : 'emergo ' + v;
  }

  function studyLive(st) {
    return st.pending + st.running > 0;
  }

  // ---- pages ----

  // poller runs load now and then every POLL_MS while it returns true,
  // until the page is left. Errors after the first load show in banner
  // and polling goes on.
  function poller(p, load, onFirstError, banner) {
    let first = true;
    const tick = async () => {
      let again;
      try {
        again = await load(first);
        if (banner) banner.replaceChildren();
      } catch (err) {
        if (!p.alive) return;
        if (first) {
          onFirstError(err);
          return;
        }
        if (banner) banner.replaceChildren(errorView(err, `Retrying every ${POLL_MS / 1000} s.`));
        again = true;
      }
      first = false;
      if (again && p.alive) p.timer = setTimeout(tick, POLL_MS);
    };
    tick();
  }

  function studiesPage(p) {
    document.title = 'Studies · emergo';
    const tbody = h('tbody');
    const banner = h('div');
    const live = liveIndicator();
    const count = h('span', { class: 'muted small' });

    poller(p, async (first) => {
      const studies = await api('/studies');
      if (!p.alive) return false;
      if (first) {
        render(p,
          h('div', { class: 'title-row' }, h('h1', { text: 'Studies' }), count, h('span', { class: 'spacer' }), live),
          banner,
          h('div', { class: 'card flush' }, h('div', { class: 'table-wrap' },
            h('table', { id: 'studies' },
              h('thead', null, h('tr', null,
                h('th', { text: 'Name' }), h('th', { class: 'hide-sm', text: 'ID' }), h('th', { text: 'Updated' }),
                h('th', { text: 'Progress' }), h('th', { class: 'num', text: 'Failed' }), h('th', { text: 'Status' }))),
              tbody))));
      }
      count.textContent = studies.length === 1 ? '1 study' : `${studies.length} studies`;
      tbody.replaceChildren(...studies.map(studyRow));
      if (studies.length === 0) {
        tbody.append(h('tr', { class: 'empty-row' }, h('td', { colspan: 6 },
          'No studies yet: run ', h('code', { text: 'emergo study' }), ' to create one.')));
      }
      const any = studies.some(studyLive);
      live.set(any ? 'on' : 'complete', any ? `live · refreshing every ${POLL_MS / 1000} s` : 'up to date');
      return any;
    }, (err) => render(p, h('h1', { text: 'Studies' }), errorView(err)), banner);
  }

  function studyRow(st) {
    const href = '#/study/' + enc(st.id);
    const finished = st.done + st.failed;
    return h('tr', { class: 'link', dataset: { study: st.id }, onclick: rowClick(href) },
      h('td', { class: 'label' }, h('a', { href, text: st.name || '(unnamed)' })),
      h('td', { class: 'id hide-sm', title: st.id, text: shortID(st.id) }),
      h('td', { class: 'nowrap', title: fmtTime(st.updated), text: fmtAgo(st.updated) }),
      h('td', null, h('div', { class: 'progress-cell' }, progressBar(st),
        h('span', { class: 'frac', text: `${finished}/${st.tasks}` }))),
      h('td', { class: 'num' + (st.failed > 0 ? ' err-n' : ''), text: st.failed }),
      h('td', null, badge(st.state)));
  }

  // rowClick follows href when a table row is clicked outside its links.
  function rowClick(href) {
    return (ev) => {
      if (ev.target.closest('a, button, select')) return;
      location.hash = href;
    };
  }

  function studyPage(p, ref, tab) {
    const banner = h('div');
    const live = liveIndicator();
    const stateBadge = h('span');
    const counts = {};
    const countsEl = h('div', { class: 'counts' });
    for (const [k, label] of [['tasks', 'Total'], ['done', 'Done'], ['running', 'Running'], ['pending', 'Pending'], ['failed', 'Failed']]) {
      counts[k] = h('span', { class: 'n', dataset: { count: k } });
      countsEl.append(h('div', { class: 'count ' + k }, counts[k], h('span', { class: 'l', text: label })));
    }
    const summaryText = h('div', { class: 'small muted' });
    const updated = h('span');
    let bar = null;
    let tasks = [];
    let wasLive = false;
    let tabBody = null;
    let onUpdate = () => {};

    const f = filters.get(ref) || { kind: '', status: '' };

    poller(p, async (first) => {
      const [st, ts] = await Promise.all([api('/studies/' + enc(ref)), api('/studies/' + enc(ref) + '/tasks')]);
      if (!p.alive) return false;
      tasks = ts;
      lastStudy = { id: st.id, name: st.name };
      if (first) {
        document.title = `${st.name} · emergo`;
        filters.set(ref, f);
        bar = progressBar(st, true);
        const base = '#/study/' + enc(ref);
        const tabLink = (name, label) => h('a', { class: 'tab' + (tab === name ? ' active' : ''), href: name === 'tasks' ? base : base + '/' + name, text: label, dataset: { tab: name } });
        tabBody = h('div', { class: 'card flush tab-body' });
        render(p,
          crumbs({ href: '#/', text: 'Studies' }, { text: st.name }),
          h('div', { class: 'title-row' }, h('h1', { text: st.name }), stateBadge, h('span', { class: 'spacer' }), live),
          h('div', { class: 'meta' },
            h('span', null, 'ID ', h('code', { text: st.id })),
            h('span', { title: fmtTime(st.created) }, 'created ' + fmtAgo(st.created)),
            updated,
            st.version ? h('span', { text: emergoVersion(st.version) }) : null),
          h('div', { class: 'card summary' }, countsEl, bar, summaryText),
          banner,
          h('nav', { class: 'tabs' }, tabLink('tasks', 'Tasks'), tabLink('report', 'Report'), tabLink('spec', 'Spec')),
          tabBody);
        if (tab === 'tasks') onUpdate = tasksTab(p, tabBody, f);
        else if (tab === 'report') onUpdate = await reportTab(p, tabBody, st);
        else tabBody.append(h('pre', { class: 'spec', text: st.spec || '(no spec stored)' }));
      }
      const isLive = studyLive(st);
      for (const k of Object.keys(counts)) counts[k].textContent = st[k];
      bar.update(st);
      stateBadge.replaceChildren(badge(st.state));
      updated.textContent = 'updated ' + fmtAgo(st.updated);
      updated.title = fmtTime(st.updated);
      const finished = st.done + st.failed;
      const pct = st.tasks > 0 ? Math.floor((100 * finished) / st.tasks) : 0;
      summaryText.textContent = `${finished} of ${st.tasks} tasks finished (${pct}%)` +
        (st.failed > 0 ? `, ${st.failed} failed` : '');
      if (st.tasks === 0) live.set('', 'no tasks');
      else if (isLive) live.set('on', `live · refreshing every ${POLL_MS / 1000} s`);
      else live.set('complete', 'complete: every task is done or failed');
      onUpdate(st, tasks, wasLive && !isLive);
      wasLive = isLive;
      return isLive;
    }, (err) => render(p,
      crumbs({ href: '#/', text: 'Studies' }, { text: ref }),
      errorView(err, h('a', { href: '#/', text: 'Back to all studies' }))), banner);
  }

  // tasksTab builds the tasks table in body and returns its updater.
  function tasksTab(p, body, f) {
    const kindSel = h('select', { id: 'kind-filter', 'aria-label': 'kind' });
    const statusSel = h('select', { id: 'status-filter', 'aria-label': 'status' });
    const shown = h('span', { class: 'muted small' });
    const tbody = h('tbody');
    let tasks = [];

    body.append(
      h('div', { class: 'toolbar' },
        h('label', null, 'Kind', kindSel),
        h('label', null, 'Status', statusSel),
        h('span', { class: 'spacer' }), shown),
      h('div', { class: 'table-wrap' }, h('table', { id: 'tasks' },
        h('thead', null, h('tr', null,
          h('th', { class: 'num hide-sm', text: '#' }), h('th', { text: 'Task' }), h('th', { class: 'hide-sm', text: 'Kind' }),
          h('th', { text: 'Status' }), h('th', { class: 'num hide-sm', text: 'Attempts' }),
          h('th', { class: 'num', text: 'Time' }), h('th', { class: 'hide-sm', text: 'Error' }))),
        tbody)));

    kindSel.addEventListener('change', () => { f.kind = kindSel.value; fill(); });
    statusSel.addEventListener('change', () => { f.status = statusSel.value; fill(); });

    function options(sel, all, values, counts, current) {
      const opts = [h('option', { value: '', text: all })];
      for (const v of values) opts.push(h('option', { value: v, text: `${v} (${counts[v] || 0})` }));
      sel.replaceChildren(...opts);
      sel.value = values.includes(current) ? current : '';
    }

    function fill() {
      const rows = [];
      tasks.forEach((t, i) => {
        if (f.kind && t.kind !== f.kind) return;
        if (f.status && t.status !== f.status) return;
        rows.push(taskRow(t, i + 1));
      });
      tbody.replaceChildren(...rows);
      if (rows.length === 0) {
        tbody.append(h('tr', { class: 'empty-row' }, h('td', { colspan: 7 },
          tasks.length === 0 ? 'This study has no tasks.' : 'No task matches the filters.')));
      }
      shown.textContent = rows.length === tasks.length ? `${tasks.length} tasks` : `${rows.length} of ${tasks.length} tasks`;
    }

    return (st, ts) => {
      tasks = ts;
      const kinds = [];
      const byKind = {};
      const byStatus = {};
      for (const t of ts) {
        if (!(t.kind in byKind)) kinds.push(t.kind);
        byKind[t.kind] = (byKind[t.kind] || 0) + 1;
        byStatus[t.status] = (byStatus[t.status] || 0) + 1;
      }
      options(kindSel, 'all kinds', kinds, byKind, f.kind);
      options(statusSel, 'all statuses', STATUSES, byStatus, f.status);
      fill();
    };
  }

  function taskRow(t, n) {
    const href = '#/task/' + enc(t.key);
    const firstLine = (t.error || '').split('\n')[0];
    return h('tr', { class: 'link', dataset: { key: t.key, status: t.status }, onclick: rowClick(href) },
      h('td', { class: 'num muted hide-sm', text: n }),
      h('td', { class: 'label' }, h('a', { href, text: t.label || t.key })),
      h('td', { class: 'hide-sm' }, h('span', { class: 'badge kind', text: t.kind })),
      h('td', { class: 'status' }, badge(t.status)),
      h('td', { class: 'num hide-sm', text: t.attempts }),
      h('td', { class: 'num', text: taskTime(t) }),
      h('td', { class: 'err hide-sm', title: t.error || null, text: firstLine }));
  }

  // reportTab shows the study's report in a same-origin iframe that may
  // run no script; it reloads when the study finishes.
  async function reportTab(p, body, st) {
    const v = await info;
    if (!v.report) {
      body.append(h('p', { class: 'notice' },
        'No report renderer: this server was started without one, so the report cannot be shown here. Run ',
        h('code', { text: 'emergo report' }), ' instead.'));
      return () => {};
    }
    const src = '/studies/' + enc(st.id) + '/report';
    const frame = h('iframe', { class: 'report', title: 'report of ' + st.name, sandbox: 'allow-same-origin allow-popups', src });
    const status = h('span', { class: 'muted', text: 'Loading the report…' });
    frame.addEventListener('load', () => {
      status.textContent = 'Rendered from the stored results at ' + fmtTime(new Date().toISOString()) + '.';
      try {
        const doc = frame.contentDocument;
        if (doc && doc.documentElement) frame.style.height = Math.max(doc.documentElement.scrollHeight + 24, 384) + 'px';
      } catch (e) {
        // A cross-origin document cannot be measured: keep the default height.
      }
    });
    const reload = () => {
      status.textContent = 'Loading the report…';
      frame.src = src + '?t=' + Date.now();
    };
    body.append(
      h('div', { class: 'report-bar' }, status, h('span', { class: 'spacer' }),
        h('button', { type: 'button', onclick: reload, text: 'Reload' }),
        h('a', { href: src, target: '_blank', rel: 'noopener', text: 'Open in a new tab ↗' })),
      frame);
    return (_st, _ts, justFinished) => {
      if (justFinished && p.alive) reload();
    };
  }

  function taskPage(p, key) {
    const banner = h('div');
    const live = liveIndicator();
    poller(p, async () => {
      const d = await api('/tasks/' + enc(key));
      if (!p.alive) return false;
      const t = d.task;
      document.title = `${t.label || t.key} · emergo`;
      const running = t.status === 'pending' || t.status === 'running';
      if (running) live.set('on', `live · refreshing every ${POLL_MS / 1000} s`);
      const path = [{ href: '#/', text: 'Studies' }];
      if (lastStudy) path.push({ href: '#/study/' + enc(lastStudy.id), text: lastStudy.name });
      path.push({ text: t.label || shortID(t.key) });
      render(p,
        crumbs(...path),
        h('div', { class: 'title-row' }, h('h1', { text: t.label || t.key }),
          h('span', { class: 'badge kind', text: t.kind }), badge(t.status),
          h('span', { class: 'spacer' }), running ? live : null),
        banner,
        t.error ? h('section', null, h('h2', { text: 'Error' }), h('pre', { class: 'error-text task-error', text: t.error })) : null,
        h('div', { class: 'card' }, taskFacts(t)),
        h('h2', { text: 'Metrics' }), metricsTable(d.metrics, t),
        h('h2', { text: 'Artifacts' }), artifactsView(d.artifacts, t),
        h('h2', { text: 'Spec' }), h('pre', { class: 'spec', text: JSON.stringify(t.spec, null, 2) }));
      return running;
    }, (err) => render(p,
      crumbs({ href: '#/', text: 'Studies' }, { text: shortID(key) }),
      errorView(err, h('a', { href: lastStudy ? '#/study/' + enc(lastStudy.id) : '#/', text: lastStudy ? 'Back to ' + lastStudy.name : 'Back to all studies' }))), banner);
  }

  function taskFacts(t) {
    const dl = h('dl', { class: 'kv' });
    const row = (k, v) => dl.append(h('dt', { text: k }), h('dd', null, v));
    row('Key', h('code', { text: t.key }));
    row('Kind', t.kind);
    row('Status', badge(t.status));
    row('Attempts', String(t.attempts));
    row('Worker', t.worker || '—');
    row('Started', fmtTime(t.started));
    row('Finished', fmtTime(t.finished));
    row('Wall time', taskTime(t));
    row('Version', t.version || '—');
    if (t.deps && t.deps.length) {
      const deps = h('span');
      t.deps.forEach((k, i) => {
        if (i > 0) deps.append(', ');
        deps.append(h('a', { href: '#/task/' + enc(k), class: 'mono', text: shortID(k) }));
      });
      row('Depends on', deps);
    }
    return dl;
  }

  // missing explains why a task has no metrics or artifacts.
  function missing(what, t) {
    switch (t.status) {
      case 'done': return `This task stored no ${what}.`;
      case 'failed': return `No ${what}: the task failed.`;
      default: return `No ${what} yet: the task is ${t.status}.`;
    }
  }

  function metricsTable(metrics, t) {
    if (!metrics.length) {
      return h('div', { class: 'card' }, h('p', { class: 'notice', text: missing('metrics', t) }));
    }
    return h('div', { class: 'card flush narrow' }, h('div', { class: 'table-wrap' }, h('table', { id: 'metrics' },
      h('thead', null, h('tr', null, h('th', { text: 'Metric' }), h('th', { class: 'num', text: 'Value' }))),
      h('tbody', null, metrics.map((m) => h('tr', null,
        h('td', { class: 'mono', text: m.name }),
        h('td', { class: 'num', title: m.value == null ? 'not a finite number (NaN or ±Inf)' : String(m.value), text: fmtNum(m.value) })))))));
  }

  const inlineImage = /^image\/(svg\+xml|png|jpeg|gif|webp)$/;

  function artifactsView(arts, t) {
    if (!arts.length) {
      return h('div', { class: 'card' }, h('p', { class: 'notice', text: missing('artifacts', t) }));
    }
    const images = arts.filter((a) => inlineImage.test(a.mime));
    return [
      h('div', { class: 'card flush' }, h('div', { class: 'table-wrap' }, h('table', { id: 'artifacts' },
        h('thead', null, h('tr', null, h('th', { text: 'Artifact' }), h('th', { text: 'Type' }), h('th', { class: 'num', text: 'Size' }))),
        h('tbody', null, arts.map((a) => h('tr', null,
          h('td', null, h('a', { href: a.url, class: 'mono', text: a.name })),
          h('td', { class: 'muted', text: a.mime }),
          h('td', { class: 'num', text: fmtBytes(a.size) }))))))),
      images.length ? h('div', { class: 'figures' }, images.map((a) =>
        h('figure', null, h('img', { src: a.url, alt: a.name, loading: 'lazy' }), h('figcaption', { text: a.name })))) : null,
    ];
  }

  function notFoundPage(p) {
    document.title = 'Not found · emergo';
    render(p, errorView(new Error(`no page ${location.hash}`), h('a', { href: '#/', text: 'Back to all studies' })));
  }

  // ---- router ----

  function route() {
    if (page) page.stop();
    const p = { alive: true, timer: 0, stop() { this.alive = false; clearTimeout(this.timer); } };
    page = p;
    let parts;
    try {
      parts = location.hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
    } catch (e) {
      return notFoundPage(p);
    }
    window.scrollTo(0, 0);
    if (parts.length === 0) return studiesPage(p);
    if (parts[0] === 'study' && parts.length === 2) return studyPage(p, parts[1], 'tasks');
    if (parts[0] === 'study' && parts.length === 3 && (parts[2] === 'report' || parts[2] === 'spec')) return studyPage(p, parts[1], parts[2]);
    if (parts[0] === 'task' && parts.length === 2) return taskPage(p, parts[1]);
    return notFoundPage(p);
  }

  window.addEventListener('hashchange', route);
  route();
})();
