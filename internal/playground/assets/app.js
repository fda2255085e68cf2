// corsim playground: edits one scenario (corsim's scenario file format),
// posts it to /api/simulate and draws the result. The scenario lives in the
// URL fragment as base64url JSON, so a link carries the whole case.
'use strict';

(function () {
  const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];
  const MODES = ['cors', 'no-cors', 'same-origin'];
  const CREDENTIALS = ['same-origin', 'omit', 'include'];
  const REDIRECTS = ['follow', 'error', 'manual'];
  // Fields of a scenario the form does not edit; kept as loaded.
  const KEPT = ['note', 'source', 'pageHeaders', 'cookies', 'expect'];

  const $ = (id) => document.getElementById(id);
  let presets = [];
  let kept = {};

  // h builds an element: h('p', {class: 'x'}, 'text', child...).
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'class') el.className = v;
      else if (k === 'text') el.textContent = v;
      else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
      // Styles go through the CSSOM: the page's CSP forbids style attributes.
      else if (k === 'style') for (const [p, x] of Object.entries(v)) el.style.setProperty(p, String(x));
      else if (v === true) el.setAttribute(k, '');
      else el.setAttribute(k, String(v));
    }
    for (const c of children.flat()) {
      if (c === undefined || c === null || c === false) continue;
      el.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return el;
  }

  function field(id, label, control, help) {
    return h('div', {class: 'field'}, h('label', {for: id}, label), control, help ? h('small', {}, help) : null);
  }

  function input(id, value, attrs) {
    return h('input', Object.assign({id, type: 'text', spellcheck: 'false', autocomplete: 'off', value: value ?? ''}, attrs || {}));
  }

  function select(id, values, current) {
    const s = h('select', {id});
    for (const v of values) s.append(h('option', {value: v}, v));
    s.value = current;
    return s;
  }

  // --- base64url JSON in the fragment -------------------------------------

  function encodeState(obj) {
    const bytes = new TextEncoder().encode(JSON.stringify(obj));
    let bin = '';
    for (let i = 0; i < bytes.length; i += 0x8000) {
      bin += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    }
    return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  function decodeState(s) {
    s = s.replace(/-/g, '+').replace(/_/g, '/');
    while (s.length % 4) s += '=';
    const bin = atob(s);
    const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes));
  }

  // --- the form --------------------------------------------------------------

  function headerRows(prefix, headers, what) {
    const list = h('div', {class: 'headers', role: 'group', 'aria-label': what});
    headers.forEach(([name, value], j) => {
      const id = `${prefix}-h-${j}`;
      list.append(h('div', {class: 'header-row'},
        h('label', {for: `${id}-name`, class: 'sr-only'}, `${what} ${j + 1}: name`),
        input(`${id}-name`, name, {class: 'h-name', placeholder: 'Name'}),
        h('label', {for: `${id}-value`, class: 'sr-only'}, `${what} ${j + 1}: value`),
        input(`${id}-value`, value, {class: 'h-value', placeholder: 'value'}),
        h('button', {type: 'button', class: 'remove', 'aria-label': `Remove ${what.toLowerCase()} ${j + 1} (${name || 'unnamed'})`,
          onclick: () => edit((s) => headersOf(s, prefix).splice(j, 1), `${prefix}-add-header`)}, '✕')));
    });
    list.append(h('button', {type: 'button', id: `${prefix}-add-header`, class: 'add',
      onclick: () => edit((s) => headersOf(s, prefix).push(['', '']), `${prefix}-h-${headers.length}-name`)},
    `Add ${what.toLowerCase()}`));
    return list;
  }

  // headersOf finds the header array a row prefix names in a form state.
  function headersOf(state, prefix) {
    const [kind, i] = prefix.split('-');
    return kind === 'req' ? state.requests[+i].headers : state.responses[+i].headers;
  }

  function renderRequest(r, i, n) {
    const p = `req-${i}`;
    const fs = h('fieldset', {class: 'request', id: p},
      h('legend', {}, n > 1 ? `Request ${i + 1}` : 'Request'));
    if (i > 0) {
      fs.append(field(`${p}-after`, 'Seconds after the previous request',
        input(`${p}-after`, r.after ?? 0, {type: 'number', min: '0', step: 'any', inputmode: 'decimal'})));
    }
    fs.append(field(`${p}-url`, 'URL', input(`${p}-url`, r.url, {inputmode: 'url'}),
      'Absolute, or relative to the page.'));
    const method = input(`${p}-method`, r.method || 'GET', {list: 'methods'});
    fs.append(field(`${p}-method`, 'Method', method));
    fs.append(h('p', {class: 'sub'}, 'Headers script sets'), headerRows(p, r.headers || [], 'Request header'));
    const hasBody = r.body !== undefined && r.body !== null;
    const bodyBox = h('textarea', {id: `${p}-body`, rows: '3', spellcheck: 'false'});
    bodyBox.value = hasBody ? r.body : '';
    bodyBox.disabled = !hasBody;
    const check = h('input', {type: 'checkbox', id: `${p}-has-body`, checked: hasBody,
      onchange: (e) => { bodyBox.disabled = !e.target.checked; }});
    fs.append(h('div', {class: 'field check'}, check, h('label', {for: `${p}-has-body`}, 'Send a body')));
    fs.append(field(`${p}-body`, 'Body', bodyBox));
    const row = h('div', {class: 'triple'},
      field(`${p}-mode`, 'Mode', select(`${p}-mode`, MODES, r.mode || 'cors')),
      field(`${p}-credentials`, 'Credentials', select(`${p}-credentials`, CREDENTIALS, r.credentials || 'same-origin')),
      field(`${p}-redirect`, 'Redirect', select(`${p}-redirect`, REDIRECTS, r.redirect || 'follow')));
    fs.append(row);
    if (n > 1) {
      fs.append(h('button', {type: 'button', class: 'remove-block', id: `${p}-remove`,
        onclick: () => edit((s) => s.requests.splice(i, 1), 'add-request')}, `Remove request ${i + 1}`));
    }
    return fs;
  }

  function renderResponse(r, i) {
    const p = `res-${i}`;
    const fs = h('fieldset', {class: 'response', id: p}, h('legend', {}, `Response ${i + 1}`));
    fs.append(field(`${p}-url`, 'URL', input(`${p}-url`, r.url, {inputmode: 'url'})));
    fs.append(h('div', {class: 'pair'},
      field(`${p}-method`, 'Answers method', input(`${p}-method`, r.method, {list: 'answer-methods'})),
      field(`${p}-status`, 'Status', input(`${p}-status`, r.status, {type: 'number', min: '100', max: '599', inputmode: 'numeric'}))));
    fs.append(h('p', {class: 'sub'}, 'Header lines, in order'), headerRows(p, r.headers || [], 'Response header'));
    const body = h('textarea', {id: `${p}-body`, rows: '2', spellcheck: 'false'});
    body.value = r.body || '';
    fs.append(field(`${p}-body`, 'Body', body));
    fs.append(h('button', {type: 'button', class: 'remove-block', id: `${p}-remove`,
      onclick: () => edit((s) => s.responses.splice(i, 1), 'add-response')}, `Remove response ${i + 1}`));
    return fs;
  }

  // toForm flattens a scenario into the form's state.
  function toForm(sc) {
    const reqs = sc.requests || (sc.request ? [sc.request] : [{url: ''}]);
    const responses = [];
    for (const [url, byMethod] of Object.entries(sc.responses || {})) {
      for (const [method, a] of Object.entries(byMethod || {})) {
        responses.push({url, method, status: a.status, headers: (a.headers || []).map((x) => [x[0], x[1]]), body: a.body ?? ''});
      }
    }
    return {
      name: sc.name || '',
      page: sc.page || '',
      engine: sc.engine || 'chromium',
      requests: reqs.map((r) => Object.assign({}, r, {headers: (r.headers || []).map((x) => [x[0], x[1]])})),
      kind: sc.policy !== undefined ? 'policy' : 'responses',
      responses,
      policy: sc.policy !== undefined ? JSON.stringify(sc.policy, null, 2) : '',
    };
  }

  // render draws the form from its state.
  function render(f) {
    $('name').value = f.name;
    $('page').value = f.page;
    $('engine').value = f.engine;
    const reqs = $('requests');
    reqs.replaceChildren(...f.requests.map((r, i) => renderRequest(r, i, f.requests.length)));
    $('kind-' + f.kind).checked = true;
    $('responses').replaceChildren(...f.responses.map(renderResponse));
    $('policy').value = f.policy;
    showKind(f.kind);
  }

  function showKind(kind) {
    $('responses-box').hidden = kind !== 'responses';
    $('policy-box').hidden = kind !== 'policy';
  }

  function readHeaders(prefix) {
    const out = [];
    for (let j = 0; $(`${prefix}-h-${j}-name`); j++) {
      out.push([$(`${prefix}-h-${j}-name`).value, $(`${prefix}-h-${j}-value`).value]);
    }
    return out;
  }

  // readForm reads the form's state back from the page.
  function readForm() {
    const f = {name: $('name').value, page: $('page').value, engine: $('engine').value, requests: [], responses: [],
      kind: $('kind-policy').checked ? 'policy' : 'responses', policy: $('policy').value};
    for (let i = 0; $(`req-${i}`); i++) {
      const p = `req-${i}`;
      const r = {url: $(`${p}-url`).value, method: $(`${p}-method`).value, headers: readHeaders(p),
        mode: $(`${p}-mode`).value, credentials: $(`${p}-credentials`).value, redirect: $(`${p}-redirect`).value};
      if ($(`${p}-has-body`).checked) r.body = $(`${p}-body`).value;
      if ($(`${p}-after`)) r.after = $(`${p}-after`).value;
      f.requests.push(r);
    }
    for (let i = 0; $(`res-${i}`); i++) {
      const p = `res-${i}`;
      f.responses.push({url: $(`${p}-url`).value, method: $(`${p}-method`).value, status: $(`${p}-status`).value,
        headers: readHeaders(p), body: $(`${p}-body`).value});
    }
    return f;
  }

  // toScenario turns the form's state into a scenario object, or throws an
  // Error naming the field at fault.
  function toScenario(f) {
    const sc = {name: f.name.trim() || 'playground', page: f.page.trim()};
    if (f.engine !== 'chromium') sc.engine = f.engine;
    const reqs = f.requests.map((r, i) => {
      const out = {url: r.url.trim()};
      const m = r.method.trim();
      if (m && m !== 'GET') out.method = m;
      const hs = r.headers.filter(([n, v]) => n !== '' || v !== '');
      if (hs.length) out.headers = hs;
      if (r.body !== undefined) out.body = r.body;
      if (r.mode !== 'cors') out.mode = r.mode;
      if (r.credentials !== 'same-origin') out.credentials = r.credentials;
      if (r.redirect !== 'follow') out.redirect = r.redirect;
      if (i > 0 && r.after !== undefined && String(r.after).trim() !== '') {
        const a = Number(r.after);
        if (!Number.isFinite(a) || a < 0) throw new Error(`Request ${i + 1}: "seconds after" must be a number of seconds, 0 or more.`);
        if (a > 0) out.after = a;
      }
      return out;
    });
    if (reqs.length === 1) sc.request = reqs[0];
    else sc.requests = reqs;
    if (f.kind === 'policy') {
      try {
        sc.policy = JSON.parse(f.policy);
      } catch (e) {
        throw new Error(`Policy: not valid JSON (${e.message}).`);
      }
    } else {
      sc.responses = {};
      f.responses.forEach((r, i) => {
        const url = r.url.trim();
        const method = r.method.trim();
        const status = Number(r.status);
        if (!url) throw new Error(`Response ${i + 1}: the URL is empty.`);
        if (!method) throw new Error(`Response ${i + 1}: say which method it answers (OPTIONS, GET, * …).`);
        if (!Number.isInteger(status) || String(r.status).trim() === '') throw new Error(`Response ${i + 1}: the status must be a whole number such as 200.`);
        sc.responses[url] = sc.responses[url] || {};
        if (sc.responses[url][method]) throw new Error(`Response ${i + 1}: another response already answers ${method} ${url}.`);
        const a = {status};
        const hs = r.headers.filter(([n, v]) => n !== '' || v !== '');
        if (hs.length) a.headers = hs;
        if (r.body !== '') a.body = r.body;
        sc.responses[url][method] = a;
      });
    }
    for (const k of KEPT) if (kept[k] !== undefined) sc[k] = kept[k];
    // An expectation per request cannot survive a change in their number.
    if (sc.expect !== undefined && Array.isArray(sc.expect) !== Array.isArray(sc.requests) ||
        Array.isArray(sc.expect) && sc.expect.length !== reqs.length) {
      delete sc.expect;
    }
    return sc;
  }

  // edit applies change to the form's state, redraws, and moves the focus
  // to the element with id focusID.
  function edit(change, focusID) {
    const f = readForm();
    change(f);
    render(f);
    syncJSON();
    const el = focusID && $(focusID);
    if (el) el.focus();
  }

  function load(sc) {
    kept = {};
    for (const k of KEPT) if (sc[k] !== undefined) kept[k] = sc[k];
    render(toForm(sc));
    const note = $('preset-note');
    note.hidden = !sc.note;
    note.textContent = sc.note || '';
    syncJSON();
  }

  function syncJSON() {
    try {
      $('json').value = JSON.stringify(toScenario(readForm()), null, 2);
    } catch (e) {
      // The form is mid-edit; the JSON view catches up on the next change.
    }
  }

  function showFormError(msg) {
    const el = $('form-error');
    el.hidden = !msg;
    el.textContent = msg || '';
  }

  // --- the result -------------------------------------------------------------

  function originOf(u) {
    try {
      return new URL(u).origin;
    } catch (e) {
      return u;
    }
  }

  function pathOf(u) {
    try {
      const x = new URL(u);
      return x.pathname + x.search;
    } catch (e) {
      return u;
    }
  }

  function specLink(href) {
    const hash = href.includes('#') ? href.slice(href.indexOf('#')) : href;
    let host = href;
    try {
      host = new URL(href).host;
    } catch (e) { /* keep the text */ }
    return h('a', {href, target: '_blank', rel: 'noopener noreferrer', class: 'spec'}, `${host}${hash}`);
  }

  function headerList(pairs, deciding, extra) {
    const ul = h('ul', {class: 'hdrs'});
    const dname = deciding && deciding.header ? deciding.header.toLowerCase() : '';
    for (const [n, v] of pairs) {
      if (dname && n.toLowerCase() === dname) {
        ul.append(h('li', {class: 'deciding'}, h('mark', {}, h('code', {}, `${n}: ${v}`)), h('span', {class: 'why'}, ' ◀ decided the verdict')));
      } else {
        ul.append(h('li', {}, h('code', {}, `${n}: ${v}`)));
      }
    }
    if (deciding && deciding.header && !deciding.present) {
      ul.append(h('li', {class: 'deciding missing'}, h('mark', {}, h('code', {}, `${deciding.header}: (missing)`)), h('span', {class: 'why'}, ' ◀ its absence decided the verdict')));
    }
    if (extra) ul.append(extra);
    if (!ul.children.length) ul.append(h('li', {class: 'none'}, 'no header lines'));
    return ul;
  }

  // diagram draws the exchanges as a sequence diagram: a lifeline for the
  // browser and one per server origin, an arrow per request and per answer.
  function diagram(res, page) {
    const lanes = [];
    for (const x of res.exchanges) {
      const o = originOf(x.url);
      if (!lanes.includes(o)) lanes.push(o);
    }
    const n = lanes.length + 1;
    const grid = h('div', {class: 'seq', role: 'list', 'aria-label': 'Messages between the browser and the servers', style: {'--lanes': n}});
    if (!res.exchanges.length) {
      return h('p', {class: 'none'}, 'Nothing went on the wire: the browser refused before sending a request.');
    }
    const rows = 1 + res.exchanges.length * 2;
    grid.append(h('div', {class: 'lane-head', style: {'grid-column': 1, 'grid-row': 1}, 'aria-hidden': 'true'}, 'browser', h('small', {}, page)));
    lanes.forEach((o, k) => grid.append(h('div', {class: 'lane-head', style: {'grid-column': k + 2, 'grid-row': 1}, 'aria-hidden': 'true'}, 'server', h('small', {}, o))));
    for (let k = 0; k < n; k++) {
      grid.append(h('div', {class: 'lifeline', style: {'grid-column': k + 1, 'grid-row': `1 / span ${rows}`}, 'aria-hidden': 'true'}));
    }
    res.exchanges.forEach((x, i) => {
      const lane = lanes.indexOf(originOf(x.url)) + 2;
      const place = (row) => ({'grid-column': '1 / -1', 'grid-row': row, '--lane': lane});
      const wire = res.wire[i] || {};
      const d = res.deciding && res.deciding.exchange === i ? res.deciding : null;
      const label = `${x.method} ${pathOf(x.url)}`;
      const what = x.preflight ? 'preflight' : (i > 0 && res.exchanges[i - 1].status >= 300 && res.exchanges[i - 1].status < 400 ? 'after a redirect' : 'request');
      const cred = wire.cookie ? h('li', {class: 'cred'}, 'with credentials (cookies, if the browser has any)') : null;
      grid.append(h('div', {class: 'msg req' + (x.preflight ? ' preflight' : ''), role: 'listitem', style: place(2 + i * 2)},
        h('div', {class: 'arrow right'}, h('span', {class: 'label'}, h('span', {class: 'sr-only'}, `Browser to ${originOf(x.url)}: `), h('strong', {}, label), ` (${what})`)),
        h('p', {class: 'full-url'}, x.url),
        headerList(x.requestHeaders, null, cred)));
      const answer = x.status ? `${x.status}` : 'no answer (network error)';
      const statusEl = d && d.status ? h('mark', {}, answer) : h('strong', {}, answer);
      const resp = h('div', {class: 'msg res' + (d ? ' decided' : ''), role: 'listitem', style: place(3 + i * 2)},
        h('div', {class: 'arrow left'}, h('span', {class: 'label'}, h('span', {class: 'sr-only'}, `${originOf(x.url)} answers: `), statusEl,
          d && d.status ? h('span', {class: 'why'}, ' ◀ this status decided the verdict') : null)));
      if (x.status) resp.append(headerList(x.responseHeaders, d));
      grid.append(resp);
    });
    return grid;
  }

  function readable(r) {
    if (!r) return h('p', {}, 'Nothing: fetch() rejects with a TypeError, and script learns nothing of the response, not even its status.');
    const wrap = h('div', {});
    let what = `${/^[aeiou]/.test(r.type) ? 'An' : 'A'} ${r.type} response, status ${r.status}`;
    if (r.redirected) what += `, redirected to ${r.url}`;
    wrap.append(h('p', {}, what + '.'));
    const names = Object.keys(r.headers || {}).sort();
    if (!names.length) {
      wrap.append(h('p', {}, 'No header is readable.'));
      return wrap;
    }
    const tbody = h('tbody', {});
    for (const n of names) tbody.append(h('tr', {}, h('th', {scope: 'row'}, h('code', {}, n)), h('td', {}, h('code', {}, r.headers[n]))));
    wrap.append(h('table', {class: 'readable'}, h('caption', {class: 'sr-only'}, 'Headers script can read'),
      h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, 'name'), h('th', {scope: 'col'}, 'value'))), tbody));
    return wrap;
  }

  function renderResult(res, i, n, page) {
    const art = h('article', {class: 'one-result'});
    if (n > 1) art.append(h('h3', {}, `Request ${i + 1}`));
    const blocked = res.outcome === 'blocked';
    const verdict = h('p', {class: 'verdict ' + res.outcome, id: i === 0 ? 'verdict' : `verdict-${i}`},
      h('span', {class: 'icon', 'aria-hidden': 'true'}, blocked ? '✗' : '✓'), ' ',
      h('strong', {}, blocked ? 'Blocked' : 'Allowed'),
      res.corsError ? [' ', h('code', {}, res.corsError)] : (blocked && res.reason ? [' ', h('code', {}, res.reason)] : null));
    art.append(verdict);
    const facts = h('ul', {class: 'facts'});
    facts.append(h('li', {}, res.preflight ? 'A preflight went on the wire.' : 'No preflight.'));
    if (res.step) facts.append(h('li', {}, 'Failed at: ', res.anchor ? h('a', {href: res.anchor, target: '_blank', rel: 'noopener noreferrer'}, res.step) : res.step));
    if (res.firefoxReason) facts.append(h('li', {}, 'Firefox reason: ', h('code', {}, res.firefoxReason)));
    if (res.typeError) facts.append(h('li', {}, 'fetch() throws: ', h('code', {}, `TypeError: ${res.typeError}`)));
    art.append(facts);
    const H = n > 1 ? 'h4' : 'h3';
    art.append(h(H, {}, 'Console'));
    if (res.console || (res.warnings && res.warnings.length)) {
      for (const w of res.warnings || []) art.append(h('pre', {class: 'console warning'}, w));
      if (res.console) art.append(h('pre', {class: 'console', id: i === 0 ? 'console' : null}, res.console));
    } else {
      art.append(h('p', {class: 'none'}, 'Nothing printed.'));
    }
    art.append(h(H, {}, 'Messages'), diagram(res, page));
    art.append(h(H, {}, 'What script can read'), readable(res.response));
    const ol = h('ol', {class: 'trace'});
    for (const st of res.trace || []) ol.append(h('li', {}, h('span', {}, st.text), ' ', specLink(st.spec)));
    art.append(h(H, {}, 'Trace'), ol);
    return art;
  }

  function renderOutput(data, sc) {
    const out = $('output');
    const nodes = [];
    const page = sc.page;
    data.results.forEach((r, i) => nodes.push(renderResult(r, i, data.results.length, page)));
    if (data.expected) {
      if (data.mismatches.length) {
        nodes.push(h('div', {class: 'expect differs'}, h('p', {}, 'The scenario expected something else:'),
          h('ul', {}, data.mismatches.map((m) => h('li', {}, m)))));
      } else {
        nodes.push(h('p', {class: 'expect holds'}, 'The scenario’s expectations hold.'));
      }
    }
    out.replaceChildren(...nodes);
    $('announce').textContent = data.results.map((r, i) =>
      `${data.results.length > 1 ? `Request ${i + 1}: ` : ''}${r.outcome === 'blocked' ? 'Blocked' : 'Allowed'}${r.corsError ? ` (${r.corsError})` : ''}.`).join(' ');
  }

  function renderError(msg) {
    $('announce').textContent = '';
    $('output').replaceChildren(h('div', {class: 'error', role: 'alert', id: 'api-error'},
      h('strong', {}, 'The scenario cannot run: '), h('span', {class: 'msg'}, msg)));
  }

  // --- actions ------------------------------------------------------------------

  let seq = 0;
  async function simulate(sc) {
    const mine = ++seq;
    const out = $('output');
    out.setAttribute('aria-busy', 'true');
    try {
      const resp = await fetch('/api/simulate', {method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify(sc)});
      const data = await resp.json();
      if (mine !== seq) return;
      if (!resp.ok) renderError(data.error || `HTTP ${resp.status}`);
      else renderOutput(data, sc);
    } catch (e) {
      if (mine === seq) renderError(`the playground server did not answer (${e.message}).`);
    } finally {
      if (mine === seq) out.removeAttribute('aria-busy');
    }
  }

  function current() {
    const sc = toScenario(readForm());
    history.replaceState(null, '', '#' + encodeState(sc));
    $('json').value = JSON.stringify(sc, null, 2);
    return sc;
  }

  function run() {
    let sc;
    try {
      sc = current();
    } catch (e) {
      showFormError(e.message);
      return;
    }
    showFormError('');
    simulate(sc);
  }

  function fromFragment() {
    const frag = location.hash.slice(1);
    if (!frag) return null;
    try {
      const sc = decodeState(frag);
      if (sc && typeof sc === 'object' && !Array.isArray(sc)) return sc;
    } catch (e) { /* fall through */ }
    showFormError('The link’s scenario could not be read; showing a preset instead.');
    return null;
  }

  async function loadPresets() {
    try {
      const resp = await fetch('/api/presets');
      presets = await resp.json();
    } catch (e) {
      presets = [];
    }
    const sel = $('preset');
    for (const p of presets) sel.append(h('option', {value: p.name}, p.name.replace(/-/g, ' ')));
  }

  function init() {
    const dl = h('datalist', {id: 'methods'}, METHODS.map((m) => h('option', {value: m})));
    const dl2 = h('datalist', {id: 'answer-methods'}, ['OPTIONS', '*'].concat(METHODS.filter((m) => m !== 'OPTIONS')).map((m) => h('option', {value: m})));
    document.body.append(dl, dl2);

    $('form').addEventListener('submit', (e) => {
      e.preventDefault();
      run();
    });
    $('form').addEventListener('input', syncJSON);
    $('form').addEventListener('change', (e) => {
      if (e.target.name === 'server-kind') {
        showKind(e.target.value);
        if (e.target.value === 'policy' && !$('policy').value.trim()) {
          const page = $('page').value.trim();
          $('policy').value = JSON.stringify({origins: [page && page !== 'null' ? originOf(page) : 'https://app.example']}, null, 2);
        }
      }
      syncJSON();
    });
    $('preset').addEventListener('change', (e) => {
      const p = presets.find((x) => x.name === e.target.value);
      if (!p) return;
      showFormError('');
      load(p);
      run();
    });
    $('add-request').addEventListener('click', () => {
      edit((f) => {
        const last = f.requests[f.requests.length - 1] || {};
        f.requests.push({url: last.url || '', method: last.method || 'GET', headers: (last.headers || []).map((x) => x.slice()),
          mode: last.mode, credentials: last.credentials, redirect: last.redirect, after: 0});
      }, `req-${readForm().requests.length}-url`);
    });
    $('add-response').addEventListener('click', () => {
      edit((f) => {
        const url = (f.responses[f.responses.length - 1] || {}).url || (f.requests[0] || {}).url || '';
        f.responses.push({url, method: '*', status: 200, headers: [['Access-Control-Allow-Origin', '']], body: ''});
      }, `res-${readForm().responses.length}-url`);
    });
    $('apply-json').addEventListener('click', () => {
      try {
        const sc = JSON.parse($('json').value);
        if (!sc || typeof sc !== 'object' || Array.isArray(sc)) throw new Error('expected one scenario object');
        showFormError('');
        load(sc);
        run();
      } catch (e) {
        showFormError(`Scenario JSON: ${e.message}.`);
      }
    });
    $('share').addEventListener('click', async () => {
      let sc;
      try {
        sc = current();
      } catch (e) {
        showFormError(e.message);
        return;
      }
      const status = $('share-status');
      try {
        await navigator.clipboard.writeText(location.href);
        status.textContent = 'Link copied.';
      } catch (e) {
        status.textContent = 'The address bar holds the link.';
      }
      void sc;
    });
    window.addEventListener('hashchange', () => {
      const sc = fromFragment();
      if (sc) {
        load(sc);
        run();
      }
    });

    loadPresets().then(() => {
      const sc = fromFragment();
      if (sc) {
        load(sc);
        run();
      } else if (presets.length) {
        $('preset').value = presets[0].name;
        load(presets[0]);
        run();
      } else {
        load({name: 'playground', page: 'https://app.example', request: {url: 'https://api.example/data'}, responses: {}});
      }
      document.body.dataset.ready = 'true';
    });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
